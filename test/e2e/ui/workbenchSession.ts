// A user's VS Code for the UI test: the extension packaged as a .vsix and installed into a fresh
// code-server profile, the workspace open in headless Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumBin, codeServerBin, createRunDir, installExtension, launchChromium, repoRoot, runToCompletion, startCodeServer, workbenchUrl, type CodeServer, type RunDir } from '../host/codeServer';

export const screenshotsDir = path.join(repoRoot, '.vscode-test', 'screenshots');

export interface WorkbenchSession {
  page: Page;
  run: RunDir;
  /** Saves .vscode-test/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
  /** Closes the browser and code-server; removes the run folder unless `keepLogs`. */
  close(keepLogs: boolean): Promise<void>;
}

/** `npm run package` (what ships: bundles, then vsce) and a copy of its nanokit.vsix in the run folder. */
async function packageExtension(run: RunDir, extensionPath: string): Promise<string> {
  const built = path.join(extensionPath, 'nanokit.vsix');
  fs.rmSync(built, { force: true });
  await runToCompletion('npm', ['run', 'package'], { ...process.env }, run.log('package.log'), 120_000, extensionPath);
  if (!fs.existsSync(built)) throw new Error(`npm run package did not write ${built}`);
  const vsix = path.join(run.root, 'nanokit.vsix');
  fs.copyFileSync(built, vsix);
  return vsix;
}

export async function openWorkbench(extensionPath: string, workspace: string): Promise<WorkbenchSession> {
  codeServerBin(); // fail with the install hint before creating anything
  chromiumBin();
  const run = createRunDir('ui');
  fs.rmSync(screenshotsDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotsDir, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (keepLogs: boolean): Promise<void> => {
    await browser?.close();
    await server?.stop();
    if (keepLogs) console.error(`UI test logs kept in ${run.root}`);
    else run.remove();
  };
  try {
    await installExtension(run, await packageExtension(run, extensionPath));
    server = await startCodeServer(run);
    browser = await launchChromium(run);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const browserLog = fs.createWriteStream(run.log('browser.log'));
    page.on('console', (message) => browserLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
    await page.goto(workbenchUrl(server, workspace));
    const screenshot = async (name: string): Promise<void> => {
      await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
    };
    return { page, run, screenshot, close };
  } catch (error) {
    await close(true);
    throw error;
  }
}
