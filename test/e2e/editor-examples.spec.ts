import { readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { edit, type EditedApp } from './support/edit.js';
import { watchPage, type PageWatch } from './support/page-watch.js';

/**
 * Every example, opened in the editor and saved without edits through the UI (Ctrl+S or the Save
 * button), is byte-identical and not even rewritten; saved elsewhere (Save As) it is the same bytes
 * too. Copies in a temporary folder: nothing in the repository is written. One editor for all.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = readdirSync(path.join(ROOT, 'examples')).sort();
let work = '';
let app: EditedApp | null = null;
let page: Page;
let watch: PageWatch;

test.beforeAll(async ({ browser }) => {
  work = await mkdtemp(path.join(tmpdir(), 'editor-examples-'));
  await cp(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
  app = await edit(path.join(work, 'examples', EXAMPLES[0] ?? '', 'project.json'), path.join(work, 'data'));
  page = await browser.newPage();
  watch = await watchPage(page);
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
});

test.afterAll(async () => {
  await page.close();
  await app?.stop(2_000);
  await rm(work, { recursive: true, force: true });
});

test('there are examples to check', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(7);
});

for (const [i, name] of EXAMPLES.entries()) {
  test(`${name}: opened and saved unchanged, it is byte-identical`, async () => {
    const file = path.join(work, 'examples', name, 'project.json');
    const original = await readFile(path.join(ROOT, 'examples', name, 'project.json'));
    const before = await stat(file);

    await page.getByTestId('issues-count').focus();
    await page.keyboard.press('Control+o');
    await page.getByTestId('open-path').fill(file);
    await page.getByTestId('open-path').press('Enter');
    // The dialog closes once the file is loaded (the first example is open already: its title says nothing).
    await expect(page.getByTestId('open-dialog')).toBeHidden();
    await expect(page.getByTestId('editor-title')).toContainText(`${name}/project.json`);
    await expect(page.getByTestId('dirty-dot')).toHaveCount(0);

    // Saved where it is: by Ctrl+S or the toolbar's Save, in turn.
    if (i % 2 === 0) await page.keyboard.press('Control+s');
    else await page.getByTestId('save').click();
    await expect(page.getByTestId('notice')).toContainText(`Saved ${file}`);
    expect((await readFile(file)).equals(original), `${name}/project.json changed on save`).toBe(true);
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    // Saved elsewhere: the same bytes.
    const copy = path.join(work, 'saved-as', name, 'project.json');
    await page.keyboard.press('Control+Shift+s');
    await page.getByTestId('save-as-path').fill(copy);
    await page.getByTestId('save-as-path').press('Enter');
    await expect(page.getByTestId('notice')).toContainText(`Saved ${copy}`);
    await expect(page.getByTestId('save-as-dialog')).toBeHidden();
    expect((await readFile(copy)).equals(original), `${name} saved as another file differs`).toBe(true);
    expect(await watch.problems()).toEqual([]);
  });
}
