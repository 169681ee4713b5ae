// Bundles the three entry points into dist/. Type-checking is a separate step (`tsc -b`).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // dockerode → ssh2 → cpu-features / ssh2's crypto binding are optional native modules; both are
  // loaded inside try/catch by ssh2, so leaving them out keeps the bundle pure JS.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  chmodSync('dist/cli.js', 0o755);
}
