/**
 * Screenshots of the editor for docs/editor.md: `npx tsx test/e2e/editor-shots.ts [outDir]` (run
 * `npm run build` first). Opens a copy of examples/chat in a real `demo-desktop edit` and the
 * Debian Chromium, runs the chat once in the live preview (so the cost box has a measurement), and
 * writes each scene at 1280×800 and 1920×1080, light and dark, and the design at a phone's 390×844.
 * Nothing in the repository is written unless outDir is inside it.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { edit } from './support/edit.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-results', 'editor-shots'));
const TIMEOUT_MS = 60_000;

type Theme = 'light' | 'dark';
interface Size {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}
const DESKTOP: readonly Size[] = [
  { name: '1280', width: 1280, height: 800 },
  { name: '1920', width: 1920, height: 1080 },
];
const PHONE: Size = { name: '390', width: 390, height: 844 };

/** Leaves any text field or the preview's frame, so the page's shortcuts apply. */
const blur = (page: Page): Promise<void> => page.getByTestId('issues-count').focus();

async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.locator(`html[data-theme="${theme}"]`).waitFor();
}

/**
 * Runs the chat twice in the live preview: the first run starts the JS worker, and the cost box
 * measures warm runs only.
 */
async function runTwice(page: Page): Promise<void> {
  await blur(page);
  await page.keyboard.press('Control+Enter');
  const frame = page.frameLocator('[data-testid="preview-frame"]');
  for (const [i, message] of ['hello', 'markdown'].entries()) {
    await frame.getByLabel('Message', { exact: true }).fill(message);
    await frame.getByLabel('Message', { exact: true }).press('Enter');
    await frame.getByText('Assistant').nth(i).waitFor();
    await frame.getByRole('button', { name: 'Send', exact: true }).waitFor();
  }
  await page.getByTestId('preview-restarted').waitFor();
}

/** Nothing focused, the mouse in a corner: no focus ring or hover that differs from run to run. */
async function park(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

async function shoot(page: Page, scene: string, sizes: readonly Size[], arrange?: () => Promise<void>): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await arrange?.();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await park(page);
      const file = path.join(OUT, `editor-${scene}-${size.name}-${theme}.png`);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      console.log(file);
    }
  }
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const work = await mkdtemp(path.join(tmpdir(), 'editor-shots-'));
  await cp(path.join(ROOT, 'examples/chat'), path.join(work, 'chat'), { recursive: true });
  const app = await edit(path.join(work, 'chat/project.json'), path.join(work, 'data'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.goto(app.loginUrl);
    await page.getByTestId('editor-canvas').waitFor();

    await runTwice(page);
    await shoot(page, 'preview', DESKTOP);

    await blur(page);
    await page.keyboard.press('Alt+1');
    await page.getByTestId('canvas-node-message').click();
    await shoot(page, 'design', [...DESKTOP, PHONE]);

    await page.setViewportSize({ width: 1280, height: 800 });
    const inspector = page.getByTestId('editor-inspector');
    await inspector.getByRole('tab', { name: 'Events' }).click();
    await inspector.getByRole('button', { name: /→ respond/ }).click();
    const cost = inspector.getByTestId('cost-box');
    await cost.getByText(/Runs in/).waitFor();
    // The event's form is long: scroll the inspector to show its cost.
    await shoot(page, 'events', DESKTOP, () => cost.scrollIntoViewIfNeeded());

    await blur(page);
    await page.keyboard.press('Alt+2');
    await shoot(page, 'json', DESKTOP);
  } finally {
    await browser.close();
    await app.stop(5_000);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
