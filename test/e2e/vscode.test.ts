// The end-to-end tier: the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in
// headless Chromium. Needs `bash scripts/provision-e2e.sh` and a built extension (`npm run build`).
// NANOKIT_E2E_EXTENSION_PATH points the tier at another extension folder (to test the harness).
import * as assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { hostsCaddyRoutes, prepareGatewayWorkspace, removeGateway, writeWorkspaceSettings, type GatewayFixture } from './gatewayWorkspace';
import { repoRoot } from './host/codeServer';
import { copyWorkspace, removeWorkspace, runExtensionTests } from './runExtensionTests';
import { plainText, schemaDocs } from './schemaDocs';
import { editorBeside, hoverToken, openFile, problemRow, retypeLine, revealText, runCommand, showNotification, statusBarItem, waitForWorkspace } from './ui/workbench';
import { openWorkbench, type WorkbenchSession } from './ui/workbenchSession';

const extensionPath = process.env.NANOKIT_E2E_EXTENSION_PATH ?? repoRoot;

void test('the extension-host suite passes inside VS Code (code-server)', { timeout: 180_000 }, async () => {
  const code = await runExtensionTests({ extensionDevelopmentPath: extensionPath });
  assert.equal(code, 0, 'extension-host tests failed: see the mocha output above; logs are kept under .vscode-test/runs/');
});

/** Runs UI steps in order: each saves a screenshot; after a failure the rest fail at once. */
function stepRunner(t: TestContext, session: WorkbenchSession, onFailure: () => void) {
  let failedStep: string | undefined;
  return (name: string, body: () => Promise<void>) => t.test(name, async () => {
    if (failedStep) throw new Error(`not run: step "${failedStep}" failed`);
    try {
      await body();
      await session.screenshot(name);
    } catch (error) {
      failedStep = name;
      onFailure();
      await session.screenshot(`${name}-FAILED`).catch(() => undefined);
      throw error;
    }
  });
}

void test('UI: a user sees problems and docs for nanokit.yml and runs the gateway from the palette', { timeout: 180_000 }, async (t) => {
  const workspace = copyWorkspace();
  // Without dockerd only the gateway steps fail (with this reason).
  const gateway = await prepareGatewayWorkspace(workspace, `nke2e-ui-${process.pid}`).catch((error: Error) => error);
  if (!(gateway instanceof Error)) writeWorkspaceSettings(workspace, gateway.settings);
  const requireGateway = (): GatewayFixture => { if (gateway instanceof Error) throw gateway; return gateway; };
  const opened: { session?: WorkbenchSession; keepLogs: boolean } = { keepLogs: false };
  t.after(async () => { // in this order: VS Code, then the gateway, then the files both use
    await opened.session?.close(opened.keepLogs);
    if (!(gateway instanceof Error)) await removeGateway(gateway);
    removeWorkspace(workspace);
  });
  const session = opened.session = await openWorkbench(extensionPath, workspace);
  const step = stepRunner(t, session, () => { opened.keepLogs = true; });
  const { page } = session;

  await step('01-workspace-open', () => waitForWorkspace(page, 'nanokit.yml'));

  await step('02-squiggle-on-misspelt-key', async () => {
    const editor = await openFile(page, 'broken/nanokit.yml');
    await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 20_000 });
    const hover = await hoverToken(editor, 'hots:', 'hots');
    await hover.getByText('unknown-key').first().waitFor({ timeout: 20_000 });
  });

  await step('03-problems-panel-lists-it', async () => {
    const row = await problemRow(page, 'hots');
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim(); // shown as: message nanokit(unknown-key) [Ln 8, Col 5]
    assert.match(text, /hots.* nanokit\W+unknown-key\W+\[Ln 8, Col 5\]$/, `Problems row: ${text}`);
  });

  await step('04-hover-shows-docs', async () => {
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const hover = await hoverToken(editor, 'runtime:', 'runtime');
    const firstSentence = schemaDocs(extensionPath, ['services', 'web', 'runtime']).split(/(?<=\.) /)[0];
    const shown = plainText(await hover.innerText());
    assert.ok(shown.includes(firstSentence), `hover ${JSON.stringify(shown)} lacks ${JSON.stringify(firstSentence)}`);
  });

  await step('05-preview-caddy-config', async () => {
    await runCommand(page, 'View: Hide Panel'); // room for the JSON
    await openFile(page, 'environments/nanokit.yml'); // valid, and needs no dockerd
    await runCommand(page, 'Nanokit: Preview Caddy Config');
    const preview = await editorBeside(page, 'Caddy config');
    await preview.locator('.view-line', { hasText: 'Caddy JSON config for environment "local"' }).first().waitFor({ timeout: 20_000 });
    await revealText(preview, 'web.localhost');
    await revealText(preview, '"reverse_proxy"');
  });

  await step('06-start-gateway-from-palette', async () => {
    const fixture = requireGateway();
    await runCommand(page, 'View: Close All Editor Groups'); // the gateway steps edit the only editor
    await openFile(page, fixture.file);
    await fixture.releasePorts();
    await runCommand(page, 'Nanokit: Start Local Gateway');
    await statusBarItem(page, `Gateway: running :${fixture.httpPort}/:${fixture.httpsPort}`).waitFor({ timeout: 60_000 });
    await showNotification(page, 'Gateway started');
  });

  await step('07-edit-and-reload-gateway-from-palette', async () => {
    const fixture = requireGateway();
    const newHost = `new-${fixture.host}`;
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await retypeLine(editor, `host: ${fixture.host}`, `host: ${newHost}`);
    await runCommand(page, 'Nanokit: Reload Gateway');
    await showNotification(page, 'Gateway reloaded: 1 route for local');
    await statusBarItem(page, `Gateway: running :${fixture.httpPort}/:${fixture.httpsPort}`).waitFor({ timeout: 20_000 });
    assert.deepEqual(await hostsCaddyRoutes(fixture), [newHost], 'Caddy does not hold the edited config');
  });

  await step('08-stop-gateway-from-palette', async () => {
    await runCommand(page, 'Nanokit: Stop Local Gateway');
    await statusBarItem(page, 'Gateway: stopped').waitFor({ timeout: 30_000 });
  });
});
