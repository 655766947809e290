import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * `select` events (test/e2e/fixtures/select): choosing a gallery image, a dataframe cell, a radio
 * or dropdown choice, a checkbox state, a text range, a label class, a highlighted span or a chat
 * message runs a JS function that writes what ctx.event says was chosen. The text proves the page
 * sent Gradio's SelectData and the server passed it on.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('select: what every selectable component chose reaches ctx.event', async ({ page }) => {
  app = await serve('test/e2e/fixtures/select/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  const picked = page.getByLabel('Picked', { exact: true });

  // Gallery: the load event fills it; the images are toggle buttons because something listens.
  const green = page.getByRole('button', { name: 'Green' });
  await expect(green).toHaveAttribute('aria-pressed', 'false');
  await green.click();
  await expect(picked).toHaveValue('Gallery 1: Green (green.png)');
  await expect(green).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('component-pets').getByRole('link')).toHaveCount(0);

  // Dataframe: a click on a cell gives [row, col], the cell, its row and its column.
  const scores = page.getByTestId('component-scores');
  await scores.getByRole('cell', { name: 'Grace' }).click();
  await expect(picked).toHaveValue('Cell 1,0 = Grace; row Grace|85; column Ada|Grace');
  // The keyboard works too: a cell takes focus and Enter selects it.
  await scores.getByRole('cell', { name: '36' }).focus();
  await page.keyboard.press('Enter');
  await expect(picked).toHaveValue('Cell 0,1 = 36; row Ada|36; column 36|85');

  // Radio: the choice's index and value, with the input already holding the new choice.
  await page.getByRole('radio', { name: 'Large' }).check();
  await expect(picked).toHaveValue('Radio 2: Large (input Large)');

  // Dropdown: the picked choice's index and value (not its display name).
  await page.getByLabel('Color', { exact: true }).selectOption('Green');
  await expect(picked).toHaveValue('Dropdown 1: g (input g)');

  // Checkbox: selected follows the new state.
  await page.getByLabel('Agree', { exact: true }).uncheck();
  await expect(picked).toHaveValue('Checkbox: selected false');

  // Textbox: the selected range and its text.
  const quote = page.getByLabel('Quote', { exact: true });
  await quote.evaluate((input: HTMLInputElement) => {
    input.focus();
    input.setSelectionRange(4, 9);
  });
  await expect(picked).toHaveValue('Text 4-9: quick');

  // Label: each class is a button. The click also takes focus from the quote field, which must
  // not fire its select again (Chromium repeats the event on blur).
  await page.getByTestId('component-animal').getByRole('button', { name: /dog/ }).click();
  await expect(picked).toHaveValue('Label 1: dog');

  // Highlighted text: a span, by keyboard.
  await page.getByTestId('component-entities').getByRole('button', { name: /Paris/ }).focus();
  await page.keyboard.press('Enter');
  await expect(picked).toHaveValue('Span 2: Paris/LOC');

  // Chatbot: a message, by click.
  await page.getByTestId('component-chat').getByRole('button', { name: 'Hi! How can I help?' }).click();
  await expect(picked).toHaveValue('Message 1: Hi! How can I help?');

  expect(await watch.problems()).toEqual([]);
});
