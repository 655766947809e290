import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

const editors: EditorProcess[] = [];

test.afterEach(async () => {
  await Promise.all(editors.splice(0).map((editor) => editor.stop()));
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
 * Watches the editor page: no answer of 400 or more (the cost of an event the preview has not run
 * yet is a normal answer too). Allowed: what the preview's own runner page (another origin, in the
 * iframe) logs when the preview reloads.
 */
async function watchEditor(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${String(response.status())} ${response.url()}`);
  });
  const watch = await watchPage(page, [/frame-ancestors/, /TypeError: network error/]);
  return { problems: async () => [...failed, ...(await watch.problems())] };
}

async function open(page: Page, project: string, args: readonly string[] = []): Promise<void> {
  // A step that cannot happen fails within half a minute, not at the test's end.
  page.setDefaultTimeout(30_000);
  const editor = await startEditorProcess(project, args);
  editors.push(editor);
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

test('the two-model fan-out: two models from the local cache, a parallel function, one event with two outputs', async ({ page }) => {
  test.setTimeout(240_000);
  const project = await emptyProject('fanout');
  // The local model cache holds "Xenova/gpt2" and "Xenova/distilgpt2" (the tiny generated GPT-2s):
  // the same Hub ids as examples/two-models, offline.
  const cache = path.join(ROOT, 'test-results', 'editor-canvas', 'cache');
  await rm(cache, { recursive: true, force: true });
  await cp(path.join(ROOT, 'models', 'tiny', 'textgen-a'), path.join(cache, 'Xenova', 'gpt2'), { recursive: true });
  await cp(path.join(ROOT, 'models', 'tiny', 'textgen-b'), path.join(cache, 'Xenova', 'distilgpt2'), { recursive: true });
  const watch = await watchEditor(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, project, ['--offline', '--cache-dir', cache]);

  await addComponent(page, 'textbox', 'prompt', { Label: 'Prompt' });
  await addComponent(page, 'button', 'generate', { Value: 'Generate' });
  // A row with the selection on it: the next two go inside it, side by side.
  await page.getByTestId('add-row').click();
  await addComponent(page, 'textbox', 'gpt2_out', { Label: 'gpt2' });
  await addComponent(page, 'textbox', 'distilgpt2_out', { Label: 'distilgpt2' });
  await expect(page.getByRole('treeitem', { name: 'Row', exact: true }).getByTestId('canvas-node-distilgpt2_out')).toBeVisible();

  await inspector(page).getByRole('tab', { name: 'Models' }).click();
  const cached = inspector(page).getByTestId('model-cache');
  await cached.getByText('In the local model cache (2)').click();
  for (const id of ['Xenova/gpt2', 'Xenova/distilgpt2']) {
    await cached.locator('li', { hasText: id }).getByRole('button', { name: 'Add' }).click();
    await inspector(page).getByLabel('Task', { exact: true }).selectOption('text-generation');
  }

  await inspector(page).getByRole('tab', { name: 'Functions' }).click();
  await inspector(page).getByLabel('Kind of function to add').selectOption('model');
  for (const name of ['gpt2', 'distilgpt2']) {
    await inspector(page).getByRole('button', { name: 'Add a function' }).click();
    await rename(inspector(page).getByTestId('function-name'), name);
    await inspector(page).getByLabel('Model', { exact: true }).selectOption(name);
    await inspector(page).getByLabel('Params', { exact: true }).fill('{ "max_new_tokens": 4, "do_sample": false }');
  }
  await inspector(page).getByLabel('Kind of function to add').selectOption('parallel');
  await inspector(page).getByRole('button', { name: 'Add a function' }).click();
  await rename(inspector(page).getByTestId('function-name'), 'both');

  await inspector(page).getByRole('tab', { name: 'Events' }).click();
  await inspector(page).getByRole('button', { name: 'Add an event' }).click();
  await inspector(page).getByLabel('Function', { exact: true }).selectOption('both');
  await inspector(page).getByLabel('Add to inputs').selectOption('prompt');
  await inspector(page).getByLabel('Add to outputs').selectOption('gpt2_out');
  await inspector(page).getByLabel('Add to outputs').selectOption('distilgpt2_out');
  await inspector(page).getByText('API name and queue settings').click();
  await inspector(page).getByLabel('API name', { exact: true }).fill('generate');
  await inspector(page).getByLabel('Concurrency limit: kind').selectOption('a number');
  await inspector(page).getByLabel('Concurrency limit', { exact: true }).fill('2');
  await expect(page.getByText('No issues')).toBeVisible();
  // The cost speaks of the settings in the form, though the preview has not run them yet.
  await expect(inspector(page).getByTestId('cost-box')).toContainText('Not in the preview yet.');
  await expect(inspector(page).getByTestId('cost-box')).toContainText('at most 2 at a time; not measured yet');

  await page
    .getByRole('button', { name: /Preview/ })
    .first()
    .click();
  const frame = page.frameLocator('[data-testid=preview-frame]');
  await frame.getByLabel('Prompt', { exact: true }).fill('Once upon a time');
  await frame.getByTestId('component-generate').click();
  await expect(frame.getByLabel('gpt2', { exact: true })).toHaveValue(/^Once upon a time./, { timeout: 120_000 });
  await expect(frame.getByLabel('distilgpt2', { exact: true })).toHaveValue(/^Once upon a time./, { timeout: 120_000 });

  await page.getByRole('button', { name: 'Design' }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  const saved = JSON.parse(await readFile(project, 'utf8')) as Record<string, unknown>;
  const model = (hub: string): unknown => ({ runtime: 'transformers', source: { hub }, task: 'text-generation' });
  expect(saved.models).toEqual({ gpt2: model('Xenova/gpt2'), distilgpt2: model('Xenova/distilgpt2') });
  const params = { max_new_tokens: 4, do_sample: false };
  expect(saved.functions).toEqual({
    gpt2: { kind: 'model', model: 'gpt2', params },
    distilgpt2: { kind: 'model', model: 'distilgpt2', params },
    both: { kind: 'parallel', functions: ['gpt2', 'distilgpt2'] },
  });
  expect(saved.ui).toEqual({
    type: 'blocks',
    children: [
      { type: 'textbox', id: 'prompt', label: 'Prompt' },
      { type: 'button', id: 'generate', value: 'Generate', variant: 'primary' },
      {
        type: 'row',
        children: [
          { type: 'textbox', id: 'gpt2_out', label: 'gpt2' },
          { type: 'textbox', id: 'distilgpt2_out', label: 'distilgpt2' },
        ],
      },
    ],
    events: [
      {
        trigger: 'generate.click',
        fn: 'both',
        inputs: ['prompt'],
        outputs: ['gpt2_out', 'distilgpt2_out'],
        apiName: 'generate',
        concurrencyLimit: 2,
      },
    ],
  });
  expect(await watch.problems()).toEqual([]);
});

test('drag from the palette and drag to reorder and nest; copy and paste between projects', async ({ page, context }) => {
  test.setTimeout(180_000);
  const watch = await watchEditor(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, await emptyProject('drag-a'));
  const nodes = (within: Locator): Promise<(string | null)[]> =>
    within
      .locator(':scope > .cv-node, :scope > .cv-children > .cv-node')
      .evaluateAll((list) => list.map((n) => n.getAttribute('data-testid')));

  await page.getByTestId('add-row').dragTo(page.getByText('An empty page: drag a component here'));
  const row = page.getByRole('treeitem', { name: 'Row', exact: true });
  await expect(row).toBeVisible();
  await page.getByTestId('add-textbox').dragTo(row.getByText('Drop components into this row'));
  await expect(row.getByTestId('canvas-node-textbox_1')).toBeVisible();
  // The right half of a textbox in a row: after it.
  const textbox = row.getByTestId('canvas-node-textbox_1');
  const box = await textbox.boundingBox();
  if (!box) throw new Error('the textbox is not drawn');
  await page.getByTestId('add-number').dragTo(textbox, { targetPosition: { x: box.width * 0.9, y: box.height / 2 } });
  await expect(row.getByTestId('canvas-node-number_1')).toBeVisible();
  expect(await nodes(row)).toEqual(['canvas-node-textbox_1', 'canvas-node-number_1']);

  // Reorder by drag: the number onto the left half of the textbox goes before it.
  await row.getByTestId('canvas-node-number_1').dragTo(textbox, { targetPosition: { x: 8, y: box.height / 2 } });
  await expect.poll(() => nodes(row)).toEqual(['canvas-node-number_1', 'canvas-node-textbox_1']);
  // Out of the row: onto the bottom edge of the row, after it on the page.
  const rowBox = await row.boundingBox();
  if (!rowBox) throw new Error('the row is not drawn');
  await row.getByTestId('canvas-node-number_1').dragTo(row, { targetPosition: { x: rowBox.width / 2, y: rowBox.height - 3 } });
  await expect.poll(() => nodes(page.locator('.cv-page'))).toEqual(['canvas-node-0', 'canvas-node-number_1']);

  // A tab dropped on the page is refused: only tabs hold tabs.
  await page.getByTestId('add-tab').dragTo(page.getByTestId('canvas-node-number_1'));
  await expect.poll(() => nodes(page.locator('.cv-page'))).toEqual(['canvas-node-0', 'canvas-node-number_1']);
  // A row dropped into itself is refused too.
  await row.dragTo(row.getByTestId('canvas-node-textbox_1'));
  await expect(row.getByTestId('canvas-node-textbox_1')).toBeVisible();

  // Copy the textbox (Ctrl+C on the canvas) and paste it into another project (Ctrl+V), twice.
  await row.getByTestId('canvas-node-textbox_1').click();
  await page.getByRole('tree', { name: /^Page/ }).focus();
  await page.keyboard.press('Control+c');
  const other = await context.newPage();
  await open(other, await emptyProject('drag-b'));
  await other.getByRole('tree', { name: /^Page/ }).focus();
  await other.keyboard.press('Control+v');
  await expect(other.getByTestId('canvas-node-textbox_1')).toBeVisible();
  await other.keyboard.press('Control+v');
  await expect(other.getByTestId('canvas-node-textbox_2')).toBeVisible();
  await other.keyboard.press('Control+s');
  await expect(other.getByText('Unsaved changes')).toHaveCount(0);
  const saved = JSON.parse(await readFile(path.join(ROOT, 'test-results', 'editor-canvas', 'drag-b', 'project.json'), 'utf8')) as {
    ui: { children: unknown[] };
  };
  expect(saved.ui.children).toEqual([
    { type: 'textbox', id: 'textbox_1', label: 'Textbox' },
    { type: 'textbox', id: 'textbox_2', label: 'Textbox' },
  ]);
  expect(await watch.problems()).toEqual([]);
});
