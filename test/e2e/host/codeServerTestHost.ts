// Stand-in for a VS Code desktop executable, for @vscode/test-electron's runTests. Started as
// `node codeServerTestHost.js [folder] --extensionDevelopmentPath=… --extensionTestsPath=… …`
// (runTests' vscodeExecutablePath = node, this script as the first launch argument).
// It starts code-server with a fresh profile, loads the workbench in headless Chromium with the
// same "payload" VS Code uses for remote extension development, relays the test output, and exits
// with the tests' exit code (reported by the workbench through codeAutomationExit).
// The run folder (.vscode-test/runs/ext-host-…) is removed on success and kept on failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Page } from 'playwright-core';
import { chromiumBin, codeServerBin, createRunDir, launchChromium, remoteUri, startCodeServer, workbenchUrl, type RunDir } from './codeServer';

interface HostArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath: string;
  folder: string | undefined;
}

/** Accepts the Electron-style command line; other desktop flags (--no-sandbox, …) are ignored. */
export function parseHostArgs(argv: string[]): HostArgs {
  const extensionDevelopmentPaths: string[] = [];
  let extensionTestsPath: string | undefined;
  let folder: string | undefined;
  for (const arg of argv) {
    const value = arg.slice(arg.indexOf('=') + 1);
    if (arg.startsWith('--extensionDevelopmentPath=')) extensionDevelopmentPaths.push(path.resolve(value));
    else if (arg.startsWith('--extensionTestsPath=')) extensionTestsPath = path.resolve(value);
    else if (!arg.startsWith('-') && folder === undefined) folder = path.resolve(arg);
  }
  if (!extensionTestsPath) throw new Error('codeServerTestHost: --extensionTestsPath=<path> is required');
  return { extensionDevelopmentPaths, extensionTestsPath, folder };
}

const timeoutMs = Number(process.env.NANOKIT_E2E_TIMEOUT_MS ?? 150_000);
// Workbench chatter: connection set-up, and the marketplace, which is unreachable here.
const noise = /open-vsx\.org|marketplace|ENOTFOUND|getaddrinfo|^\s+at |connection token|^Creating a socket|^Updating additional builtin|^\[Service Worker\]|^ChatSessionStore/;

function relayTestOutput(page: Page, run: RunDir): Promise<number> {
  const browserLog = fs.createWriteStream(run.log('browser.log'));
  page.on('console', (message) => browserLog.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
  return new Promise((resolve) => {
    page.on('crash', () => {
      console.error('codeServerTestHost: the workbench page crashed');
      resolve(1);
    });
    void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (!noise.test(line)) console.log(line);
    });
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
}

function deadline(ms: number): Promise<number> {
  return new Promise((resolve) => {
    setTimeout(() => {
      console.error(`codeServerTestHost: the tests did not finish within ${ms} ms (set NANOKIT_E2E_TIMEOUT_MS to change)`);
      resolve(124);
    }, ms).unref();
  });
}

async function main(): Promise<number> {
  const args = parseHostArgs(process.argv.slice(2));
  codeServerBin(); // fail with the install hint before creating anything
  chromiumBin();
  const run = createRunDir('ext-host');
  const server = await startCodeServer(run);
  const browser = await launchChromium(run);
  let code = 1;
  try {
    const page = await browser.newPage();
    const exitCode = relayTestOutput(page, run);
    const payload: [string, string][] = [
      ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remoteUri(server, p)]),
      ['extensionTestsPath', remoteUri(server, args.extensionTestsPath)],
    ];
    await page.goto(workbenchUrl(server, args.folder, payload));
    code = await Promise.race([exitCode, deadline(timeoutMs)]);
  } finally {
    await browser.close();
    await server.stop();
  }
  if (code === 0) run.remove();
  else console.error(`codeServerTestHost: logs kept in ${run.root}`);
  return code;
}

if (require.main === module) {
  const stopOnSignal = (): void => process.exit(130); // an 'exit' handler kills code-server
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('codeServerTestHost:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
