// What a user does in the workbench, with Playwright: every step waits on elements with a
// deadline, and quick input is retried because the workbench may steal focus while it restores.
import type { Locator, Page } from 'playwright-core';

const stepTimeout = 20_000;

export async function waitForWorkspace(page: Page, fileInExplorer: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileInExplorer }).first().waitFor({ timeout: 60_000 });
}

/** Types into quick input (opened with `key`) and accepts the first row showing all of `rowTexts`. */
async function quickInput(page: Page, key: string, text: string, rowTexts: string[]): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  let lastError: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(text, { timeout: 5_000 });
      const row = rowTexts.reduce((rows, rowText) => rows.filter({ hasText: rowText }), page.locator('.quick-input-list .monaco-list-row')).first();
      await row.click({ timeout: 5_000 });
      await input.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`quick input "${text}" failed 5 times: ${(lastError as Error).message.split('\n')[0]}`);
}

/** Quick Open (Ctrl+P) a workspace file by its relative path; waits for its editor. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const parts = relativePath.split('/'); // a row shows the file name, and its folder as description
  await quickInput(page, 'Control+P', relativePath, parts.length > 1 ? [parts.pop()!, parts.join('/')] : parts);
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ timeout: stepTimeout });
  return editor;
}

/** Runs a command from the Command Palette by the title users see, e.g. "Nanokit: Reload Gateway". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await quickInput(page, 'F1', `>${title}`, [title]);
}

/** Moves the mouse over `token` on the first editor line that contains `lineText`; returns the hover. */
export async function hoverToken(editor: Locator, lineText: string, token: string): Promise<Locator> {
  const line = editor.locator('.view-line', { hasText: lineText }).first();
  await line.waitFor({ timeout: stepTimeout });
  const tokenSpan = line.locator('span span', { hasText: new RegExp(`^\\s*${token}\\s*$`) }).first();
  await tokenSpan.hover({ timeout: stepTimeout });
  const hover = editor.page().locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible', timeout: stepTimeout });
  return hover;
}

/** Opens View: Problems (Ctrl+Shift+M) and returns the row that contains `text`. */
export async function problemRow(page: Page, text: string): Promise<Locator> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: stepTimeout });
  return row;
}

/** Waits for a notification toast showing `text`, and keeps it on screen (for the screenshot) by hovering it. */
export async function showNotification(page: Page, text: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout: stepTimeout });
  await toast.hover({ timeout: stepTimeout });
}

/** A status bar item showing `text` (codicons are not text). */
export function statusBarItem(page: Page, text: string): Locator {
  return page.locator('.statusbar-item', { hasText: text }).first();
}

/** Replaces the first editor line containing `lineText` (from its first non-blank character) by typing `newText`. */
export async function retypeLine(editor: Locator, lineText: string, newText: string): Promise<void> {
  const page = editor.page();
  await editor.locator('.view-line', { hasText: lineText }).first().click({ timeout: stepTimeout });
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(newText);
  await page.keyboard.press('Escape'); // close a suggestion list, if any
  await editor.locator('.view-line', { hasText: newText }).first().waitFor({ timeout: stepTimeout });
}

/** The editor in the second editor group (the one "beside"), once that group has a tab whose title contains `tabText`. */
export async function editorBeside(page: Page, tabText: string): Promise<Locator> {
  const group = page.locator('.editor-group-container').nth(1);
  await group.locator('.tabs-container .tab', { hasText: tabText }).first().waitFor({ timeout: stepTimeout });
  const editor = group.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ timeout: stepTimeout });
  return editor;
}

/**
 * Scrolls `editor` to the next occurrence of `text` after its cursor with Find (Ctrl+F), closes the
 * find widget (the match stays selected) and returns the line showing it.
 */
export async function revealText(editor: Locator, text: string): Promise<Locator> {
  const page = editor.page();
  const findInput = editor.locator('.find-widget.visible textarea, .find-widget.visible input').first();
  const line = editor.locator('.view-line', { hasText: text }).first();
  const activeTab = editor.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " editor-group-container ")]').locator('.tab.active').first();
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await activeTab.click({ timeout: 5_000 }); // focuses the editor (clicking its text could scroll Monaco's DOM)
      await page.keyboard.press('Control+F');
      await findInput.waitFor({ state: 'visible', timeout: 5_000 });
      await findInput.fill(text, { timeout: 5_000 });
      await line.waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Escape');
      await findInput.waitFor({ state: 'hidden', timeout: 5_000 });
      return line;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`"${text}" not found in the editor with Find 3 times: ${(lastError as Error).message.split('\n')[0]}`);
}
