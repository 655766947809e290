import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type Request } from '@playwright/test';
import { edit, type EditedApp } from './support/edit.js';
import { watchPage, type PageWatch } from './support/page-watch.js';

/**
 * The editor's shell against the real `demo-desktop edit`: files (save, save as, the unsaved
 * guard, new, open, recent), shortcuts and the command palette, the JSON view in sync both ways
 * with errors at their line, the issues, and the live preview running the unsaved project.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
let work = '';
let app: EditedApp | null = null;
let project = '';

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'editor-shell-'));
  await cp(path.join(ROOT, 'examples/greet'), path.join(work, 'greet'), { recursive: true });
  project = path.join(work, 'greet/project.json');
  app = await edit(project, path.join(work, 'data'));
});

test.afterAll(async () => {
  await app?.stop(2_000);
  await rm(work, { recursive: true, force: true });
});

async function openEditor(page: Page, allow: readonly RegExp[] = []): Promise<PageWatch> {
  if (!app) throw new Error('no editor');
  const watch = await watchPage(page, allow);
  await page.goto(await app.newLoginUrl());
  await expect(page.getByTestId('editor-title')).toContainText('greet/project.json');
  return watch;
}

/** Leaves the text field or the preview's frame (so the page's shortcuts apply again). */
const blur = (page: Page) => page.getByTestId('issues-count').focus();

/** The JSON view's textarea, after switching to it with its shortcut from outside any field. */
async function jsonView(page: Page) {
  await blur(page);
  await page.keyboard.press('Alt+2');
  const text = page.getByLabel('Project JSON');
  await expect(text).toBeVisible();
  return text;
}

test('the JSON view follows edits both ways, marks errors at their line, and undo takes them back', async ({ page }) => {
  const watch = await openEditor(page);
  await expect(page.getByTestId('dirty-dot')).toHaveCount(0);
  const text = await jsonView(page);
  const original = await text.inputValue();
  expect(JSON.parse(original)).toEqual(JSON.parse(await readFile(project, 'utf8')));

  // A reference error: the line of $.ui.fn is marked, with the shared checks' message.
  await text.fill(original.replace('"fn": "greet"', '"fn": "nope"'));
  const fnLine = original.split('\n').findIndex((line) => line.includes('"fn": "greet"')) + 1;
  await expect(page.locator('.json-gutter-line.has-mark')).toHaveText([String(fnLine)]);
  await expect(page.getByTestId('json-problems')).toContainText('$.ui.fn');
  await expect(page.locator('.json-line.has-mark .json-lens')).toContainText('unknown function');
  await expect(page.getByTestId('issues-count')).toHaveText(/1 issue/);
  await expect(page.getByTestId('dirty-dot')).toBeVisible();

  // Broken JSON: marked at its line; the design keeps the last valid document.
  await text.fill(original.replace('"version": 1,', '"version": 1,x'));
  await expect(page.locator('.json-gutter-line.has-mark')).toHaveText(['3']);
  await expect(page.getByTestId('json-problems')).toContainText('Line 3');
  await expect(page.getByRole('status').filter({ hasText: 'Not valid JSON' })).toBeVisible();

  // Typed back to the original: no marks, and the document is the saved one again.
  await text.fill(original);
  await expect(page.locator('.json-gutter-line.has-mark')).toHaveCount(0);
  await expect(page.getByTestId('dirty-dot')).toHaveCount(0);

  // An edit, then Ctrl+Z outside the text field undoes it (inside, it is the field's own undo).
  await text.fill(original.replace('"label": "Name"', '"label": "Your name"'));
  await expect(page.getByTestId('dirty-dot')).toBeVisible();
  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(text).toHaveValue(original);
  await expect(page.getByTestId('dirty-dot')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(text).toHaveValue(/"label": "Your name"/);
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+z');
  await expect(text).toHaveValue(original);
  expect(await watch.problems()).toEqual([]);
});

test('the command palette lists the commands, filters fuzzily and runs one; shortcuts respect text fields', async ({ page }) => {
  const watch = await openEditor(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('option', { name: /Save as/ })).toContainText('Ctrl+Shift+S');
  await palette.getByRole('combobox').fill('shjs');
  await expect(palette.getByRole('option').first()).toContainText('Show the JSON');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('.editor')).toHaveAttribute('data-view', 'json');

  // Arrow keys move the active option; Escape closes.
  await page.keyboard.press('Control+k');
  await palette.getByRole('combobox').fill('show');
  const options = palette.getByRole('option');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  // In the text field: Alt+1 is the field's, Ctrl+K (global) still opens the palette.
  const text = page.getByLabel('Project JSON');
  await text.focus();
  await page.keyboard.press('Alt+1');
  await expect(page.locator('.editor')).toHaveAttribute('data-view', 'json');
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await blur(page);
  await page.keyboard.press('Alt+1');
  await expect(page.locator('.editor')).toHaveAttribute('data-view', 'design');
  expect(await watch.problems()).toEqual([]);
});

test('save, save as (asking before replacing), the unsaved guard, new from a template, open a recent project', async ({ page }) => {
  // Save As onto another file is refused (409) before the page asks to replace it.
  const watch = await openEditor(page, [/status of 409/]);
  const text = await jsonView(page);
  const original = await text.inputValue();
  await text.fill(original.replace('"name": "Greet"', '"name": "Hello"'));
  await expect(page).toHaveTitle(/^● Hello/);
  await page.keyboard.press('Control+s'); // global: fires in the text field
  await expect(page.getByTestId('notice')).toContainText(`Saved ${project}`);
  await expect(page.getByTestId('dirty-dot')).toHaveCount(0);
  await expect(page).toHaveTitle(/^Hello · greet\/project\.json/);
  expect(JSON.parse(await readFile(project, 'utf8'))).toMatchObject({ name: 'Hello' });

  // Save As into a new folder, then onto that file again from elsewhere: asked before replacing.
  const copy = path.join(work, 'copy/project.json');
  await page.keyboard.press('Control+Shift+s');
  await page.getByTestId('save-as-path').fill(copy);
  await page.getByTestId('save-as-path').press('Enter');
  await expect(page.getByTestId('editor-title')).toContainText('copy/project.json');
  expect(JSON.parse(await readFile(copy, 'utf8'))).toMatchObject({ name: 'Hello' });
  await page.keyboard.press('Control+Shift+s');
  await page.getByTestId('save-as-path').fill(project);
  await page.getByTestId('save-as-path').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
  await page.getByRole('button', { name: 'Replace it' }).click();
  await expect(page.getByTestId('editor-title')).toContainText('greet/project.json');

  // Unsaved changes: New asks; Cancel keeps them, Discard goes on to the templates.
  await text.fill(original.replace('"name": "Greet"', '"name": "Changed"'));
  await blur(page);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const guard = page.getByTestId('confirm-discard');
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('dirty-dot')).toBeVisible();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await guard.getByRole('button', { name: 'Discard changes' }).click();
  await page.getByTestId('template-chat').click();
  await expect(page.getByTestId('editor-title')).toContainText('Untitled');
  await expect(page.getByText('Not saved yet')).toBeVisible();

  // Open: the recent list has the files saved above.
  await page.keyboard.press('Control+o');
  const recent = page.getByRole('region', { name: 'Recent projects' });
  await expect(recent.getByRole('button', { name: /copy\/project\.json/ })).toBeVisible();
  await recent.getByRole('button', { name: /copy\/project\.json/ }).click();
  await expect(page.getByTestId('editor-title')).toContainText('copy/project.json');

  // Closing the tab with unsaved changes asks first, even before the typed JSON is parsed.
  await text.fill((await text.inputValue()).replace('"name": "Hello"', '"name": "Unsaved"'));
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
  expect(await watch.problems()).toEqual([]);
});

test('the live preview runs the unsaved project, reloads edits, and its issues select their place', async ({ page }) => {
  const watch = await openEditor(page);
  await page.keyboard.press('Control+Enter');
  const frame = page.frameLocator('[data-testid="preview-frame"]');
  await frame.getByLabel('Name', { exact: true }).fill('Ada');
  // The run's event stream stays open a moment after the result; a page thrown away before it
  // closes has Gradio's client log the cut. Reloads below wait for it, as a person would.
  const isStream = (request: Request): boolean => request.url().includes('/gradio_api/queue/data');
  const streamEnded = Promise.race([page.waitForEvent('requestfinished', isStream), page.waitForEvent('requestfailed', isStream)]);
  await frame.getByTestId('component-__submit').click();
  await expect(frame.getByLabel('Greeting', { exact: true })).toHaveValue('Hello Ada!');
  await streamEnded;
  await expect(page.getByTestId('preview-restarted')).toContainText('Restarted:');

  // A label edit: the frame reloads with it and nothing restarts.
  const text = await jsonView(page);
  await text.fill((await text.inputValue()).replace('"label": "Name"', '"label": "Your name"'));
  await blur(page);
  await page.keyboard.press('Alt+3');
  await expect(frame.getByLabel('Your name', { exact: true })).toBeVisible();
  // Back and forth without a change keeps the page as it was (no reload): the result is still there.
  await frame.getByLabel('Your name', { exact: true }).fill('Bo');
  await blur(page);
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+3');
  await expect(frame.getByLabel('Your name', { exact: true })).toHaveValue('Bo');
  await expect(page.getByTestId('preview-restarted')).toHaveText('Restarted: nothing (the page alone changed)');

  // A module that is not on disk: the preview's issue names the function; a click selects it.
  await blur(page);
  await page.keyboard.press('Alt+2');
  await text.fill((await text.inputValue()).replace('"./greet.js"', '"./missing.js"'));
  await blur(page);
  await page.keyboard.press('Alt+3');
  const issue = page.getByTestId('preview-issues').getByRole('button', { name: /\$\.functions\.greet/ });
  await issue.click();
  await expect(page.locator('.editor')).toHaveAttribute('data-selection', 'function:greet');
  expect(await watch.problems()).toEqual([]);
});

test('the issues panel lists every issue and a click selects it', async ({ page }) => {
  await openEditor(page);
  const text = await jsonView(page);
  const doc = JSON.parse(await text.inputValue()) as { ui: Record<string, unknown>; queue?: unknown };
  await text.fill(JSON.stringify({ ...doc, queue: { maxSize: 'ten' }, ui: { ...doc.ui, fn: 'nope' } }, null, 2));
  await blur(page);
  await page.getByTestId('issues-count').click();
  const panel = page.getByTestId('issues-panel');
  await expect(panel.getByRole('button')).toHaveCount(3); // the close button and two issues
  await panel.getByRole('button', { name: /\$\.queue\.maxSize/ }).click();
  await expect(page.locator('.editor')).toHaveAttribute('data-selection', 'project');
  await page.keyboard.press('Control+Shift+m');
  await expect(panel).toBeHidden();
});

test('the runner page loads none of the editor: no editor chunk, no zod', async () => {
  const dist = path.join(ROOT, 'dist/renderer');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? '');
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(script).not.toMatch(/editor/);
    const code = await readFile(path.join(dist, script), 'utf8');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('editor.replaceDocument');
  }
  const editorHtml = await readFile(path.join(dist, 'editor.html'), 'utf8');
  expect(editorHtml).toMatch(/assets\/editor-[\w-]+\.js/);
});
