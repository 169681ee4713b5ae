// Runs the mocha suite in test/e2e/suite/ inside a real VS Code extension host (code-server),
// through @vscode/test-electron's runTests with the code-server stand-in as the "executable".
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { gatewayContainerName } from '../../server/src/core/model';
import { removeContainer, requireDockerTestEnv } from '../helpers/docker';
import { gatewayProjectEnvVar } from './gatewayWorkspace';
import { repoRoot } from './host/codeServer';

export interface ExtensionTestOptions {
  /** The extension under test; default the repository root. */
  extensionDevelopmentPath?: string;
  /** Environment for the extension host on top of process.env (e.g. DOCKER_HOST, NANOKIT_TEST_IMAGE). */
  env?: Record<string, string>;
}

/** A throwaway copy of test/e2e/workspace/ (as <tmp>/nanokit-e2e-…/my-app), so tests may edit and save its files. */
export function copyWorkspace(): string {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-e2e-')), 'my-app');
  fs.cpSync(path.join(repoRoot, 'test/e2e/workspace'), copy, { recursive: true });
  return copy;
}

export function removeWorkspace(workspace: string): void {
  fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
}

/** Resolves with the suite's exit code (0 = all passed). */
export async function runExtensionTests(options: ExtensionTestOptions = {}): Promise<number> {
  const workspace = copyWorkspace();
  const gatewayProject = `nke2e-host-${process.pid}`;
  try {
    return await runTests({
      vscodeExecutablePath: process.execPath,
      launchArgs: [path.join(__dirname, 'host/codeServerTestHost.js'), workspace],
      extensionDevelopmentPath: options.extensionDevelopmentPath ?? repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      extensionTestsEnv: { NANOKIT_E2E_WORKSPACE: workspace, [gatewayProjectEnvVar]: gatewayProject, ...options.env },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw error;
  } finally {
    await removeLeftoverGateway(gatewayProject);
    removeWorkspace(workspace);
  }
}

/** The suite removes its gateway; this catches a host that died before its teardown. */
async function removeLeftoverGateway(project: string): Promise<void> {
  const docker = await requireDockerTestEnv().catch(() => undefined);
  if (docker) await removeContainer(docker, gatewayContainerName(project, 'local'));
}

if (require.main === module) {
  runExtensionTests({ extensionDevelopmentPath: process.env.NANOKIT_E2E_EXTENSION_PATH }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('extension tests could not run:', error);
      process.exit(1);
    },
  );
}
