import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { edit, type EditedApp } from './support/edit.js';
import { watchPage } from './support/page-watch.js';

/**
 * Undo and redo as a person uses them: twenty mixed edits of the chat example by clicks and keys
 * (the palette, the command palette, the inspector, the canvas's keys, the functions and events
 * panels), then twenty undos (Ctrl+Z and the toolbar's button, alternately) back to the exact
 * starting project, and twenty redos forward to the exact end, through the same states.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
let work = '';
let app: EditedApp | null = null;
let project = '';

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'editor-history-'));
  await cp(path.join(ROOT, 'examples/chat'), path.join(work, 'chat'), { recursive: true });
  project = path.join(work, 'chat/project.json');
  app = await edit(project, path.join(work, 'data'));
});

test.afterAll(async () => {
  await app?.stop(2_000);
  await rm(work, { recursive: true, force: true });
});

const inspector = (page: Page): Locator => page.getByTestId('editor-inspector');
const field = (page: Page, label: string): Locator => inspector(page).getByLabel(label, { exact: true });
/** Leaves any text field, so the page's shortcuts (Ctrl+Z, Alt+1) apply. */
const blur = (page: Page): Promise<void> => page.getByTestId('issues-count').focus();

/** The document as the JSON view shows it (switching there and back with Alt+2 / Alt+1). */
async function documentText(page: Page): Promise<string> {
  await blur(page);
  await page.keyboard.press('Alt+2');
  const text = await page.getByLabel('Project JSON').inputValue();
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
  return text;
}

/** Selects a component on the canvas and gives the canvas the focus (for its keys). */
async function select(page: Page, id: string): Promise<void> {
  await page.getByTestId(`canvas-node-${id}`).click();
  await page.getByRole('tree', { name: /^Page/ }).focus();
}

async function rename(input: Locator, name: string): Promise<void> {
  await input.fill(name);
  await input.press('Enter');
  await expect(input).toHaveValue(name);
}

/** Children's ids (or kinds, for nodes without one) in the page's order, as the canvas draws them. */
const childIds = (within: Locator): Promise<(string | null)[]> =>
  within
    .locator(':scope > .cv-node, :scope > .cv-children > .cv-node')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));

/** The row the edits add: the page's last (the chat example has one above it). */
const newRow = (page: Page): Locator => page.getByRole('treeitem', { name: 'Row', exact: true }).last();

/** The twenty edits, each one undo step, each waited for on screen. */
const EDITS: readonly ((page: Page) => Promise<void>)[] = [
  // 1-3: a textbox from the palette, its label, its id.
  async (page) => {
    await page.getByTestId('add-textbox').click();
    await expect(page.getByTestId('canvas-node-textbox_1')).toBeVisible();
  },
  (page) => field(page, 'Label').fill('Topic'),
  async (page) => {
    await rename(inspector(page).getByTestId('field-id'), 'topic');
    await expect(page.getByTestId('canvas-node-topic')).toBeVisible();
  },
  // 4: a row after it, from the command palette.
  async (page) => {
    await page.keyboard.press('Control+k');
    await page.getByTestId('command-palette').getByRole('combobox').fill('add row');
    await page.keyboard.press('Enter');
    await expect(newRow(page).getByText('Drop components into this row')).toBeVisible();
  },
  // 5-6: a number into the selected row, and its value.
  async (page) => {
    await page.getByTestId('add-number').click();
    await expect(newRow(page).getByTestId('canvas-node-number_1')).toBeVisible();
  },
  (page) => field(page, 'Value').fill('3'),
  // 7-8: by keyboard, the textbox goes into the row after it (at its start), then after the number.
  async (page) => {
    await select(page, 'topic');
    await page.keyboard.press('Alt+ArrowRight');
    await expect(newRow(page).getByTestId('canvas-node-topic')).toBeVisible();
  },
  async (page) => {
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => childIds(newRow(page))).toEqual(['canvas-node-number_1', 'canvas-node-topic']);
  },
  // 9: duplicate it (Ctrl+D).
  async (page) => {
    await page.keyboard.press('Control+d');
    await expect(page.getByTestId('canvas-node-topic_1')).toBeVisible();
  },
  // 10: delete the Clear button: its event goes with it.
  async (page) => {
    await select(page, 'clear');
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('canvas-node-clear')).toHaveCount(0);
    await expect(page.getByTestId('canvas-notice')).toContainText('Deleted');
  },
  // 11-14: a JS function, renamed, its module and export.
  async (page) => {
    await inspector(page).getByRole('tab', { name: 'Functions' }).click();
    await inspector(page).getByRole('button', { name: 'Add a function' }).click();
    await expect(inspector(page).getByTestId('function-form')).toBeVisible();
  },
  (page) => rename(inspector(page).getByTestId('function-name'), 'echo'),
  (page) => field(page, 'Module').fill('./chat.js'),
  (page) => field(page, 'Export').fill('respond'),
  // 15-18: an event running it on the topic into the conversation.
  async (page) => {
    await inspector(page).getByRole('tab', { name: 'Events' }).click();
    await inspector(page).getByRole('button', { name: 'Add an event' }).click();
    await expect(inspector(page).getByTestId('event-form-1')).toBeVisible();
  },
  // The cost box asks for an event the preview has not run: a normal answer, no failed request.
  async (page) => {
    await field(page, 'Function').selectOption('echo');
    await expect(inspector(page).getByTestId('cost-box')).toContainText('Not in the preview yet');
  },
  async (page) => {
    await inspector(page).getByLabel('Add to inputs').selectOption('topic');
  },
  async (page) => {
    await inspector(page).getByLabel('Add to outputs').selectOption('chat');
  },
  // 19: the project's name.
  async (page) => {
    await inspector(page).getByRole('tab', { name: 'Project' }).click();
    await field(page, 'Name').fill('Chat, edited');
    await expect(page).toHaveTitle(/^● Chat, edited/);
  },
  // 20: the chatbot's label.
  async (page) => {
    await page.getByTestId('canvas-node-chat').click();
    await field(page, 'Label').fill('Talk');
    await expect(page.getByTestId('canvas-node-chat')).toContainText('Talk');
  },
];

test('twenty mixed edits, undone to the exact start and redone to the exact end', async ({ page }) => {
  test.setTimeout(180_000);
  if (!app) throw new Error('no editor');
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
  const undoButton = page.getByRole('button', { name: 'Undo', exact: true });
  const redoButton = page.getByRole('button', { name: 'Redo', exact: true });
  await expect(undoButton).toBeDisabled();
  const start = await documentText(page);
  const original = await readFile(project, 'utf8');
  expect(JSON.parse(start)).toEqual(JSON.parse(original));

  expect(EDITS).toHaveLength(20);
  for (const [i, perform] of EDITS.entries()) {
    await test.step(`edit ${String(i + 1)}`, () => perform(page));
  }
  const end = await documentText(page);
  const endJson = JSON.parse(end) as { name: string; ui: { children: unknown[]; events: unknown[] }; functions: object };
  expect(endJson.name).toBe('Chat, edited');
  expect(Object.keys(endJson.functions)).toEqual(['respond', 'clear', 'echo']);
  expect(endJson.ui.events).toEqual([
    expect.objectContaining({ apiName: 'chat' }),
    { trigger: 'send.click', fn: 'echo', inputs: ['topic'], outputs: ['chat'] },
  ]);

  // Undo from the JSON view (it follows every step), by Ctrl+Z and the toolbar's button in turn.
  await blur(page);
  await page.keyboard.press('Alt+2');
  const json = page.getByLabel('Project JSON');
  await expect(json).toHaveValue(end);
  const states: string[] = [end];
  for (let i = 0; i < 20; i++) {
    await expect(undoButton).toBeEnabled();
    const before = states.at(-1) ?? '';
    if (i % 2 === 0) {
      await blur(page);
      await page.keyboard.press('Control+z');
    } else await undoButton.click();
    await expect(json).not.toHaveValue(before);
    states.push(await json.inputValue());
  }
  expect(states.at(-1)).toBe(start);
  await expect(undoButton).toBeDisabled();
  await expect(page.getByTestId('dirty-dot')).toHaveCount(0);
  expect(new Set(states).size).toBe(21);

  // Redo through the same states, by Ctrl+Shift+Z, the button and Ctrl+Y in turn.
  for (let i = 0; i < 20; i++) {
    await expect(redoButton).toBeEnabled();
    if (i % 3 === 0) await redoButton.click();
    else {
      await blur(page);
      await page.keyboard.press(i % 3 === 1 ? 'Control+Shift+z' : 'Control+y');
    }
    await expect(json).toHaveValue(states[19 - i] ?? '');
  }
  await expect(redoButton).toBeDisabled();
  expect(await json.inputValue()).toBe(end);

  // Saved, the file is the end state.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('notice')).toContainText(`Saved ${project}`);
  expect(JSON.parse(await readFile(project, 'utf8'))).toEqual(endJson);
  expect(await watch.problems()).toEqual([]);
});
