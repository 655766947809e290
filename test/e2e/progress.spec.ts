import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * A run's progress is drawn over each output it writes (Gradio's status tracker), and the button
 * that started it becomes Stop in the same box: nothing on the page moves when a run starts or
 * ends. Every animation frame of a run is sampled in the page (boxes of the outputs, their
 * overlays, the run button and Stop), so the check does not depend on when the test looks.
 */

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Frame {
  /** Output key → the block's box, and the run overlay's box over it (null when none). */
  readonly blocks: Record<string, Box | null>;
  readonly overlays: Record<string, Box | null>;
  readonly button: Box | null;
  readonly stop: Box | null;
  readonly below: Box | null;
}

declare global {
  interface Window {
    __frames?: Frame[];
    __sampling?: boolean;
  }
}

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

/** Starts recording a Frame per animation frame; `button` is the run button's key, `below` a block under it. */
async function startSampling(page: Page, outputs: readonly string[], button: string, below: string): Promise<void> {
  await page.evaluate(
    ({ outputs, button, below }) => {
      const box = (el: Element | null | undefined): Box | null => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
      };
      const block = (key: string) => document.querySelector(`[data-testid="component-${key}"]`);
      window.__frames = [];
      window.__sampling = true;
      const tick = (): void => {
        const blocks: Record<string, Box | null> = {};
        const overlays: Record<string, Box | null> = {};
        for (const key of outputs) {
          const el = block(key);
          blocks[key] = box(el);
          overlays[key] = box(el?.parentElement?.querySelector(':scope > .run-overlay'));
        }
        const stop = document.querySelector('[data-testid="stop-button"]');
        window.__frames?.push({ blocks, overlays, button: box(block(button)), stop: box(stop), below: box(block(below)) });
        if (window.__sampling) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { outputs, button, below },
  );
}

async function stopSampling(page: Page): Promise<Frame[]> {
  return page.evaluate(() => {
    window.__sampling = false;
    return window.__frames ?? [];
  });
}

function expectSameBox(actual: Box | null, expected: Box | null, what: string): void {
  expect(actual, what).not.toBeNull();
  for (const side of ['x', 'y', 'width', 'height'] as const) {
    expect(
      Math.abs((actual as Box)[side] - (expected as Box)[side]),
      `${what}: ${side} ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
    ).toBeLessThan(0.5);
  }
}

/** Checks a sampled run: no output moved, each got an overlay covering it, Stop sat in the button's box. */
function checkRun(frames: readonly Frame[], outputs: readonly string[]): void {
  const [first] = frames;
  if (!first) throw new Error('no frames were sampled');
  expect(frames.length).toBeGreaterThan(5);
  for (const [i, frame] of frames.entries()) {
    for (const key of outputs) expectSameBox(frame.blocks[key] ?? null, first.blocks[key] ?? null, `frame ${i}: output ${key}`);
    expectSameBox(frame.button, first.button, `frame ${i}: the run button's box`);
    if (first.below) expectSameBox(frame.below, first.below, `frame ${i}: the block below the button`);
    if (frame.stop) expectSameBox(frame.stop, first.button, `frame ${i}: Stop in the run button's box`);
    // An overlay covers its whole output (the block is the slot's only child in flow).
    for (const key of outputs)
      if (frame.overlays[key]) expectSameBox(frame.overlays[key] ?? null, frame.blocks[key] ?? null, `frame ${i}: overlay of ${key}`);
  }
  // Every output had its overlay at once (both columns of a row, not just the first), with Stop shown.
  expect(frames.some((f) => outputs.every((key) => f.overlays[key] !== null) && f.stop !== null)).toBe(true);
  // Before and after the run: no overlay, no Stop.
  for (const frame of [first, frames.at(-1) as Frame]) {
    expect(outputs.map((key) => frame.overlays[key])).toEqual(outputs.map(() => null));
    expect(frame.stop).toBeNull();
  }
}

test('two outputs side by side: both covered while the run is on, nothing moves, Generate becomes Stop in its box', async ({ page }) => {
  app = await serve('test/e2e/fixtures/progress/project.json');
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  const left = page.getByLabel('Left', { exact: true });
  const right = page.getByLabel('Right', { exact: true });
  await expect(right).toBeVisible();

  await startSampling(page, ['left', 'right'], 'generate', 'left');
  await page.getByTestId('component-generate').click();
  // While it runs: the status over the first output, the progress bar, what screen readers hear.
  const status = page.getByTestId('job-status');
  await expect(status).toHaveAttribute('data-stage', 'running');
  await expect(status.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(page.getByTestId('job-overlay')).toHaveCount(1); // the second column's overlay
  await expect(page.getByTestId('stop-button')).toBeVisible();
  await expect(page.getByTestId('component-generate')).toBeHidden();
  await expect(left).toHaveValue('Once upon a time (left)', { timeout: 20_000 });
  await expect(right).toHaveValue('Once upon a time (right)');
  await expect(page.getByTestId('stop-button')).toHaveCount(0);
  // One more frame after the end, so the last sample shows the page at rest.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  checkRun(await stopSampling(page), ['left', 'right']);

  // Stop, in Generate's place, ends the run; the outputs keep what they had.
  await page.getByLabel('Prompt', { exact: true }).fill('Stopped');
  await page.getByTestId('component-generate').click();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('job-cancelled')).toHaveText('Cancelled');
  await expect(left).toHaveValue('Once upon a time (left)');
  await expect(page.getByTestId('component-generate')).toBeVisible();

  expect(await watch.problems(), app.output()).toEqual([]);
});

test('a double-click on Generate does not stop the run it started; the keyboard follows Generate to Stop and back', async ({ page }) => {
  app ??= await serve('test/e2e/fixtures/progress/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  await page.getByLabel('Seconds', { exact: true }).fill('1');
  await page.getByLabel('Prompt', { exact: true }).fill('Twice');
  await page.getByTestId('component-generate').dblclick();
  await expect(page.getByLabel('Left', { exact: true })).toHaveValue('Twice (left)', { timeout: 20_000 });
  await expect(page.getByTestId('job-cancelled')).toHaveCount(0);

  await page.getByLabel('Prompt', { exact: true }).fill('Keys');
  await page.getByTestId('component-generate').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stop-button')).toBeFocused();
  await expect(page.getByLabel('Left', { exact: true })).toHaveValue('Keys (left)', { timeout: 20_000 });
  await expect(page.getByTestId('component-generate')).toBeFocused();

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});

test('Interface mode: Submit becomes Stop in its box, the output is covered and does not move, on a phone too', async ({ page }) => {
  app = await serve('test/e2e/fixtures/queue/project.json');
  const watch = await watchPage(page);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto(app.url);
    const label = `at ${size.width}`;
    await page.getByLabel('Label', { exact: true }).fill(label);
    await expect(page.getByLabel('Result', { exact: true })).toBeVisible();
    // Under 1 s: no "usually takes" line appears under Submit once the run is measured.
    await page.getByLabel('Seconds', { exact: true }).fill('0.75');
    await startSampling(page, ['result'], '__submit', 'result');
    await page.getByTestId('component-__submit').click();
    await expect(page.getByLabel('Result', { exact: true })).toHaveValue(`Done: ${label}`, { timeout: 20_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    checkRun(await stopSampling(page), ['result']);
  }
  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
