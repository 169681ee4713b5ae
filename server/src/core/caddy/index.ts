// The Caddy config generator used by the preview, reload and the CLI.

export { CaddyGenerationError, HTTP_SERVER, HTTPS_SERVER, generateCaddyConfig } from './generate';
export type { CaddyConfig } from './generate';
export {
  CONTAINER_DATA_DIR,
  DEFAULT_ADMIN_LISTEN,
  DEFAULT_HTTP_LISTEN,
  DEFAULT_HTTPS_LISTEN,
  DEFAULT_STORAGE_ROOT,
} from './options';
export type { CaddyGeneratorOptions } from './options';
export { generationProblems } from './problems';
export { HSTS_VALUE, REDIRECT_STATUS, SECURITY_HEADERS, redirectLocation, routeId } from './routes';
export { stableStringify } from './stableJson';
export { ZEROSSL_DIRECTORY } from './tls';
