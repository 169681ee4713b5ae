// The GatewaySpec of one project environment, from the resolved document and the user's choices.
// Shared by the CLI and the extension.
import type { ResolvedConfig } from '../../../server/src/core/model';
import { DEFAULT_ADMIN_PORT, DEFAULT_GATEWAY_IMAGE } from './containerConfig';
import type { GatewaySpec } from './gatewayTypes';
import { ensurePersistenceDir } from './persistence';

export interface SpecChoices {
  projectRoot: string;
  image?: string;
  adminPort?: number;
}

/** Creates the persistence dir when needed. */
export function gatewaySpec(resolved: ResolvedConfig, choices: SpecChoices): GatewaySpec {
  return {
    project: resolved.project,
    environment: resolved.environment,
    image: choices.image || DEFAULT_GATEWAY_IMAGE,
    httpPort: resolved.gatewayPort,
    httpsPort: resolved.gatewayHttpsPort,
    adminPort: choices.adminPort ?? DEFAULT_ADMIN_PORT,
    persistenceDir: ensurePersistenceDir(resolved.gateway.persistenceMode, choices.projectRoot),
  };
}
