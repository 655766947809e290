import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import config from '../../playwright.config.js';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Media input (fixture test/e2e/fixtures/media): a webcam frame and a pasted image reach a JS
 * function that reads the PNG's size on the server; a microphone recording arrives with its bytes;
 * camera and microphone tracks stop when capture ends; denied or missing devices are explained;
 * an error toast goes by itself, but not while the pointer is over it. Chromium's fake devices
 * stand in for the camera (a 640x480 test pattern) and microphone (a beep), and its fake UI grants
 * the permission prompt.
 */

const base = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...base,
    args: [...(base.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

declare global {
  interface Window {
    __mediaStreams?: MediaStream[];
  }
}

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('test/e2e/fixtures/media/project.json');
});

test.afterAll(async () => {
  const running = app;
  app = null;
  if (running) expect(await running.stop(), running.output()).toEqual({ code: 0, signal: null });
});

function url(): string {
  if (!app) throw new Error('the server did not start');
  return app.url;
}

/** Keeps every stream getUserMedia hands out, to check that the page stops their tracks. */
async function recordStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__mediaStreams = [];
    const devices = navigator.mediaDevices as MediaDevices | undefined;
    if (!devices) return;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      window.__mediaStreams?.push(stream);
      return stream;
    };
  });
}

function liveTracks(page: Page): Promise<number> {
  return page.evaluate(() => (window.__mediaStreams ?? []).flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);
}

async function png(width: number, height: number): Promise<string> {
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#d9480f' } })
    .png()
    .toBuffer();
  return bytes.toString('base64');
}

/**
 * Pastes a PNG the way the browser does on Ctrl/Cmd+V: a `paste` ClipboardEvent at the focused
 * element (the body when nothing is focused). True when an image input took it (default prevented).
 */
function pastePng(page: Page, base64: string): Promise<boolean> {
  return page.evaluate((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const clipboardData = new DataTransfer();
    clipboardData.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    const target = document.activeElement ?? document.body;
    return !target.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, base64);
}

test('webcam: capture a frame, submit it, and the camera goes off', async ({ page }) => {
  await recordStreams(page);
  const watch = await watchPage(page);
  await page.goto(url());
  const photo = page.getByTestId('component-photo');

  await photo.getByRole('button', { name: 'Webcam' }).click();
  const video = photo.locator('video');
  await expect(video).toBeVisible();
  const capture = photo.getByRole('button', { name: 'Capture' });
  await expect(capture).toBeEnabled();
  expect(await liveTracks(page)).toBe(1);
  const size = await video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight }));
  expect(size.width).toBeGreaterThan(0);

  await capture.click();
  const preview = photo.getByRole('img', { name: 'Photo' });
  await expect(preview).toHaveAttribute('src', /^blob:/);
  await expect(video).toHaveCount(0);
  await expect.poll(() => liveTracks(page)).toBe(0);

  // The frame reaches the function as a PNG of the camera's size, and comes back as an output.
  await page.getByTestId('component-measure').click();
  await expect(page.getByLabel('Size', { exact: true })).toHaveValue(`${String(size.width)}x${String(size.height)} image/png`);
  const echo = page.getByRole('img', { name: 'Echo' });
  await expect(echo).toHaveAttribute('src', /gradio_api\/file=/);
  await expect.poll(() => echo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(size.width);

  // Cancel also turns the camera off and keeps the captured image.
  await photo.getByRole('button', { name: 'Webcam' }).click();
  await expect(photo.getByRole('button', { name: 'Capture' })).toBeEnabled();
  expect(await liveTracks(page)).toBe(1);
  await photo.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => liveTracks(page)).toBe(0);
  await expect(preview).toHaveAttribute('src', /^blob:/);

  expect(await watch.problems()).toEqual([]);
});

test('paste: into the focused image input, from the page to the last one focused, never into text fields', async ({ page }) => {
  const watch = await watchPage(page);
  await page.goto(url());
  const pasted = page.getByTestId('component-pasted');
  const pastedSize = page.getByLabel('Pasted size', { exact: true });

  // `sources: ["clipboard"]`: no file picker and no webcam, a focusable paste area instead.
  await expect(pasted.locator('input[type=file]')).toHaveCount(0);
  await expect(pasted.getByRole('button', { name: 'Webcam' })).toHaveCount(0);
  // Two image inputs take pastes and none was chosen yet: a paste on the page is left alone.
  expect(await pastePng(page, await png(2, 2))).toBe(false);

  await pasted.getByTestId('paste-zone').focus();
  expect(await pastePng(page, await png(7, 5))).toBe(true);
  await expect(pasted.getByRole('img', { name: 'Pasted' })).toHaveAttribute('src', /^blob:/);
  // A paste fires `upload`, like a file upload (the fixture runs on pasted.upload).
  await expect(pastedSize).toHaveValue('7x5 image/png');

  // Focus leaves for the page body: the paste goes to the image input focused last.
  await page.getByRole('heading', { name: 'Media fixture' }).click();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  expect(await pastePng(page, await png(3, 2))).toBe(true);
  await expect(pastedSize).toHaveValue('3x2 image/png');

  // A text field keeps its paste.
  await page.getByLabel('Pasted size', { exact: true }).focus();
  expect(await pastePng(page, await png(9, 9))).toBe(false);

  // Ctrl/Cmd+V with the Photo input focused (its file picker) fills Photo.
  await page.getByLabel('Photo', { exact: true }).focus();
  expect(await pastePng(page, await png(4, 6))).toBe(true);
  await expect(page.getByRole('img', { name: 'Photo' })).toHaveAttribute('src', /^blob:/);
  await page.getByTestId('component-measure').click();
  await expect(page.getByLabel('Size', { exact: true })).toHaveValue('4x6 image/png');
  await expect(pastedSize).toHaveValue('3x2 image/png');

  expect(await watch.problems()).toEqual([]);
});

test('microphone: record a second, play it back, submit it, and the microphone goes off', async ({ page }) => {
  await recordStreams(page);
  const watch = await watchPage(page);
  await page.goto(url());
  const voice = page.getByTestId('component-voice');
  // `sources: ["microphone"]`: no file picker.
  await expect(voice.locator('input[type=file]')).toHaveCount(0);

  await voice.getByRole('button', { name: 'Record' }).click();
  const timer = voice.getByRole('timer', { name: 'Recording time' });
  await expect(timer).toHaveText('0:00');
  expect(await liveTracks(page)).toBe(1);
  await expect(timer).toHaveText('0:01');
  await voice.getByRole('button', { name: 'Stop' }).click();

  const player = voice.locator('audio');
  await expect(player).toHaveAttribute('src', /^blob:/);
  await expect(timer).toHaveCount(0);
  await expect.poll(() => liveTracks(page)).toBe(0);
  // The recording plays: the browser decodes it and knows its length.
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.readyState)).toBeGreaterThanOrEqual(1);

  await page.getByTestId('component-weigh').click();
  const result = page.getByLabel('Recording size', { exact: true });
  await expect(result).toHaveValue(/^\d+ bytes recording-\d{8}-\d{6}\.(webm|ogg|m4a)$/);
  const bytes = Number((await result.inputValue()).split(' ')[0]);
  expect(bytes).toBeGreaterThan(1_000);

  expect(await watch.problems()).toEqual([]);
});

test('a denied permission is explained inline; without getUserMedia there are no capture buttons', async ({ page, context }) => {
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices as MediaDevices | undefined;
    if (devices) devices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  const watch = await watchPage(page);
  await page.goto(url());
  await page.getByTestId('component-photo').getByRole('button', { name: 'Webcam' }).click();
  await expect(page.getByTestId('component-photo').getByRole('alert')).toHaveText(/^Camera access was denied\./);
  await page.getByTestId('component-photo').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('component-photo').getByRole('alert')).toHaveCount(0);
  await page.getByTestId('component-voice').getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('component-voice').getByRole('alert')).toHaveText(/^Microphone access was denied\./);
  await expect(page.getByTestId('component-voice').getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(await watch.problems()).toEqual([]);

  // As on a plain-http page (not localhost): navigator.mediaDevices is missing.
  const bare = await context.newPage();
  await bare.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined });
  });
  await bare.goto(url());
  await expect(bare.getByTestId('component-photo').locator('input[type=file]')).toHaveCount(1);
  await expect(bare.getByRole('button', { name: 'Webcam', exact: true })).toHaveCount(0);
  await expect(bare.getByRole('button', { name: 'Record', exact: true })).toHaveCount(0);
  await expect(bare.getByTestId('component-pasted').getByTestId('paste-zone')).toBeVisible();
});

test('an error toast goes by itself after 10 s, but not while the pointer is over it', async ({ page }) => {
  test.setTimeout(60_000);
  const watch = await watchPage(page);
  // The page's clock (Date, timers) runs at the real pace but can jump: the 10 s pass at once.
  await page.clock.install();
  await page.goto(url());
  await page.getByTestId('component-fail').click();
  const toast = page.getByTestId('toast-error');
  await expect(toast).toContainText('This function always fails.');

  await toast.hover();
  await expect(toast).toHaveAttribute('data-paused', '');
  await page.clock.fastForward(11_000);
  await expect(toast).toBeVisible();

  await page.mouse.move(0, 0);
  await expect(toast).not.toHaveAttribute('data-paused');
  // Had the jump come before the resumed timer was set, the clock still runs: the toast goes in 10 s.
  await page.clock.fastForward(10_000);
  await expect(toast).toHaveCount(0, { timeout: 13_000 });
  // The inline error next to the output stays.
  await expect(page.getByTestId('job-error')).toContainText('This function always fails.');
  expect(await watch.problems()).toEqual([]);
});
