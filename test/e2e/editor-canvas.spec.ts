import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startEditorProcess, type EditorProcess } from './support/editor-process.js';
import { watchPage } from './support/page-watch.js';

/**
 * The editor's canvas, inspector and panels, used as a new user would: from an empty project,
 * build the greet demo (textbox → JS function → textbox) by clicks and keys only, run it in the
 * live preview, save, reload and compare the file; then the two-model fan-out with two outputs.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const EMPTY = { version: 1, name: 'Greet', functions: {}, ui: { type: 'blocks', children: [], events: [] } };

let editor: EditorProcess | null = null;

test.afterEach(async () => {
  await editor?.stop();
  editor = null;
});

/** A fresh project folder under test-results (ignored by git), with an empty Blocks page. */
async function emptyProject(name: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = path.join(ROOT, 'test-results', 'editor-canvas', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'project.json'), `${JSON.stringify(EMPTY, null, 2)}\n`);
  for (const [file, from] of Object.entries(extra)) await copyFile(path.join(ROOT, from), path.join(dir, file));
  return path.join(dir, 'project.json');
}

/**
 * Watches the editor page. Allowed: the cost route's 404 before the preview has run the event (the
 * browser logs every 4xx; the cost box says "run it in the preview"), checked by URL below; and
 * what the preview's own runner page (another origin, in the iframe) logs when the preview reloads.
 */
async function watchEditor(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().includes('/api/editor/cost?'))
      failed.push(`${String(response.status())} ${response.url()}`);
  });
  const watch = await watchPage(page, [/status of 404 \(Not Found\)/, /frame-ancestors/, /TypeError: network error/]);
  return { problems: async () => [...failed, ...(await watch.problems())] };
}

async function open(page: Page, project: string, args: readonly string[] = []): Promise<void> {
  editor = await startEditorProcess(project, args);
  await page.goto(editor.loginUrl);
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
}

const inspector = (page: Page): Locator => page.getByTestId('editor-inspector');

/** Types into a name field (an id, a function name) and applies it with Enter, as renames are. */
async function rename(field: Locator, name: string): Promise<void> {
  await field.fill(name);
  await field.press('Enter');
  await expect(field).toHaveValue(name);
}

async function addComponent(page: Page, type: string, id: string, props: Record<string, string>): Promise<void> {
  await page.getByTestId(`add-${type}`).click();
  await rename(inspector(page).getByTestId('field-id'), id);
  for (const [label, value] of Object.entries(props)) await inspector(page).getByLabel(label, { exact: true }).fill(value);
  await expect(page.getByTestId(`canvas-node-${id}`)).toBeVisible();
}

test('greet by clicks and keys: build, preview, save, reload', async ({ page }) => {
  test.setTimeout(240_000);
  const project = await emptyProject('greet', { 'greet.js': 'examples/greet/greet.js' });
  const watch = await watchEditor(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, project);
  await expect(page.getByText('An empty page: drag a component here')).toBeVisible();

  await addComponent(page, 'textbox', 'name', { Label: 'Name' });
  await addComponent(page, 'textbox', 'greeting', { Label: 'Greeting' });
  await addComponent(page, 'button', 'go', { Value: 'Greet' });

  // Keys: the button goes up between the two textboxes, a duplicate comes and goes, undo and redo.
  const canvas = page.getByRole('tree', { name: /^Page/ });
  await canvas.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('canvas-notice')).toHaveText('');
  await page.keyboard.press('ArrowUp');
  await expect(inspector(page).getByTestId('field-id')).toHaveValue('name');
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('canvas-node-name_1')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('canvas-node-name_1')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('canvas-node-name_1')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('canvas-node-name_1')).toHaveCount(0);
  const order = await page.locator('.cv-page > .cv-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
  expect(order).toEqual(['canvas-node-name', 'canvas-node-go', 'canvas-node-greeting']);

  // The function: a JS module's export.
  await inspector(page).getByRole('tab', { name: 'Functions' }).click();
  await inspector(page).getByRole('button', { name: 'Add a function' }).click();
  await rename(inspector(page).getByTestId('function-name'), 'greet');
  await inspector(page).getByLabel('Module', { exact: true }).fill('./greet.js');
  await inspector(page).getByLabel('Export', { exact: true }).fill('greet');

  // The event: Greet's click runs greet on the name into the greeting.
  await inspector(page).getByRole('tab', { name: 'Events' }).click();
  await inspector(page).getByRole('button', { name: 'Add an event' }).click();
  await expect(inspector(page).getByLabel('Trigger 1: component')).toHaveValue('go');
  await expect(inspector(page).getByLabel('Trigger 1: event')).toHaveValue('click');
  await inspector(page).getByLabel('Add to inputs').selectOption('name');
  await inspector(page).getByLabel('Add to outputs').selectOption('greeting');
  await expect(page.getByText('No issues')).toBeVisible();

  // Run it in the live preview.
  await page
    .getByRole('button', { name: /Preview/ })
    .first()
    .click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await frame.getByLabel('Name', { exact: true }).fill('Ada');
  await frame.getByTestId('component-go').click();
  await expect(frame.getByLabel('Greeting', { exact: true })).toHaveValue('Hello Ada!', { timeout: 60_000 });

  // Back to the design, save (Ctrl+S), and the file is the demo as a person would write it.
  await page.getByRole('button', { name: 'Design' }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  const saved = await readFile(project, 'utf8');
  expect(JSON.parse(saved)).toEqual({
    version: 1,
    name: 'Greet',
    functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'name', label: 'Name' },
        { type: 'button', id: 'go', value: 'Greet', variant: 'primary' },
        { type: 'textbox', id: 'greeting', label: 'Greeting' },
      ],
      events: [{ trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['greeting'] }],
    },
  });

  // Reload: the canvas shows the saved project, and the file is left as it was.
  await page.reload();
  await expect(page.getByTestId('canvas-node-greeting')).toBeVisible();
  await expect(page.getByTestId('canvas-node-go')).toContainText('Greet');
  expect(await readFile(project, 'utf8')).toBe(saved);
  expect(await watch.problems()).toEqual([]);
});
