import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * An editable Dataframe (test/e2e/fixtures/dataframe): a JS function sums the price column on
 * every change. Editing by mouse and keyboard (Enter, F2, typing, Tab, Escape), typed numbers,
 * a refused value, adding and deleting rows; the fixed column count offers no column buttons.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('dataframe: edit cells, add and delete rows, the sum follows', async ({ page }) => {
  app = await serve('test/e2e/fixtures/dataframe/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);

  const grid = page.getByRole('grid', { name: 'Items' });
  const total = page.getByLabel('Total price', { exact: true });
  const shape = page.getByLabel('Shape', { exact: true });
  const cell = (row: number, col: number) => grid.locator(`[data-cell="${row}:${col}"]`);
  await expect(grid.getByRole('columnheader')).toHaveText(['item', 'qty', 'price']);
  await expect(total).toHaveValue('4.75'); // 1.5 + 2.25 + 1, computed on load
  await expect(shape).toHaveValue('3 rows × 3 columns');

  // A click edits in place; Enter commits a typed number and the sum follows.
  await cell(1, 2).click();
  const editor = grid.getByRole('textbox', { name: 'price, row 2' });
  await expect(editor).toBeFocused();
  await editor.fill('10');
  await editor.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(cell(1, 2)).toHaveText('10');
  await expect(cell(1, 2)).toBeFocused();
  await expect(total).toHaveValue('12.5');

  // Keyboard: arrows move, F2 edits; a value that is not a number is refused; Escape cancels.
  await page.keyboard.press('ArrowUp');
  await expect(cell(0, 2)).toBeFocused();
  await page.keyboard.press('F2');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('lots');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('"lots" is not a number');
  await expect(grid.getByRole('textbox', { name: 'price, row 1' })).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape');
  await expect(cell(0, 2)).toHaveText('1.5');
  await expect(cell(0, 2)).toBeFocused();

  // Typing on a cell starts editing with that key; Tab commits and edits the next cell.
  await page.keyboard.press('Home');
  await page.keyboard.type('pear');
  await expect(grid.getByRole('textbox', { name: 'item, row 1' })).toHaveValue('pear');
  await page.keyboard.press('Tab');
  const qty = grid.getByRole('textbox', { name: 'qty, row 1' });
  await expect(qty).toBeFocused();
  await expect(cell(0, 0)).toHaveText('pear');
  await page.keyboard.press('Escape');
  await expect(cell(0, 1)).toHaveText('3');

  // Add a row, fill its price: the function sees four rows and the new number.
  await page.getByRole('button', { name: 'Add row' }).click();
  await expect(shape).toHaveValue('4 rows × 3 columns');
  await cell(3, 2).click();
  await grid.getByRole('textbox', { name: 'price, row 4' }).fill('5');
  await page.keyboard.press('Enter');
  await expect(total).toHaveValue('17.5');

  // Delete the row of the active cell.
  await page.getByRole('button', { name: 'Delete row 4' }).click();
  await expect(shape).toHaveValue('3 rows × 3 columns');
  await expect(total).toHaveValue('12.5');
  await expect(page.getByRole('button', { name: /column/ })).toHaveCount(0); // colCount [3, "fixed"]

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
