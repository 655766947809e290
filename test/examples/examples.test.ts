import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import type { FileValue } from '../../main/engine/values.js';
import { loadProject } from '../../main/project/load.js';
import type { DownloadProgress, ModelEnvironment } from '../../main/runtimes/runtime.js';
import { startHubServer, type HubServer } from '../helpers/hub-server.js';
import { REPO_ROOT, TINY_DIR, tempDir } from '../runtimes/support.js';

/**
 * Every example in examples/ runs through the real engine. Hub examples download from a local
 * stand-in for the Hub that serves the tiny fixture models under the real repo names, so the
 * download path (progress, cache, a second run offline) is the one users get.
 */

const EXAMPLES = join(REPO_ROOT, 'examples');
const engines: Engine[] = [];
const signal = new AbortController().signal;

async function engineFor(
  name: string,
  environment: Partial<ModelEnvironment>,
  onDownload?: (model: string, p: DownloadProgress) => void,
): Promise<Engine> {
  const loaded = await loadProject(join(EXAMPLES, name, 'project.json'));
  const engine = await createEngine({ loaded, environment, ...(onDownload ? { onDownload } : {}) });
  engines.push(engine);
  return engine;
}

let hub: HubServer;
let cache: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  hub = await startHubServer({
    'Xenova/t5-small': join(TINY_DIR, 't5-summarizer'),
    'Xenova/gpt2': join(TINY_DIR, 'textgen-a'),
    'Xenova/distilgpt2': join(TINY_DIR, 'textgen-b'),
  });
  cache = await tempDir('examples-cache');
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
});
afterAll(async () => {
  await hub.close();
  await cache.remove();
});

describe('examples', () => {
  it('are all valid projects', async () => {
    const names = (await readdir(EXAMPLES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(names.sort()).toEqual(['greet', 'ocr', 'sentiment', 'summarize', 'two-models']);
    for (const name of names) await expect(loadProject(join(EXAMPLES, name, 'project.json'))).resolves.toBeDefined();
  });

  it('sentiment classifies offline', async () => {
    const engine = await engineFor('sentiment', { offline: true, cacheDir: cache.path });
    const [label] = (await engine.run({ eventIndex: 0, inputs: ['I love this great movie'], signal })) as [{ label: string }];
    expect(label.label).toBe('POSITIVE');
    const [negative] = (await engine.run({ eventIndex: 0, inputs: ['I hate this terrible movie'], signal })) as [{ label: string }];
    expect(negative.label).toBe('NEGATIVE');
  });

  it('greet says hello', async () => {
    const engine = await engineFor('greet', { offline: true });
    expect(await engine.run({ eventIndex: 0, inputs: ['World'], signal })).toEqual(['Hello World!']);
  });

  it('ocr reads a rendered image', async () => {
    const dir = await tempDir('ocr-example');
    try {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="100"><rect width="100%" height="100%" fill="white"/><text x="20" y="60" font-family="DejaVu Sans" font-size="36" fill="black">HELLO OCR 42</text></svg>`;
      const path = join(dir.path, 'line.png');
      await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer());
      const engine = await engineFor('ocr', { offline: true });
      const image: FileValue = { kind: 'file', path };
      const [text] = (await engine.run({ eventIndex: 0, inputs: [image], signal })) as [string];
      expect(text.replace(/\s+/g, ' ').trim()).toBe('HELLO OCR 42');
    } finally {
      await dir.remove();
    }
  });

  it('summarize downloads Xenova/t5-small with progress, then runs offline from the cache', async () => {
    const text = 'Zyxt qwop 1889. Next sentence here.';
    const downloads: [string, DownloadProgress][] = [];
    const online = await engineFor('summarize', { offline: false, cacheDir: cache.path, hubEndpoint: hub.url }, (model, p) =>
      downloads.push([model, p]),
    );
    expect(await online.run({ eventIndex: 0, inputs: [text], signal })).toEqual(['Zyxt qwop 1889.']);
    expect(downloads.filter(([, p]) => p.done).map(([m, p]) => `${m}:${p.file}`)).toEqual(
      expect.arrayContaining(['t5:config.json', 't5:onnx/encoder_model.onnx', 't5:onnx/decoder_model_merged.onnx']),
    );
    await online.dispose();
    const before = hub.requests.length;
    const offline = await engineFor('summarize', { offline: true, cacheDir: cache.path, hubEndpoint: hub.url });
    expect(await offline.run({ eventIndex: 0, inputs: [text], signal })).toEqual(['Zyxt qwop 1889.']);
    expect(hub.requests.length).toBe(before);
  });

  it('two-models fans the prompt out to gpt2 and distilgpt2 in parallel, streaming both', async () => {
    const engine = await engineFor('two-models', { offline: false, cacheDir: cache.path, hubEndpoint: hub.url });
    const partials: unknown[][] = [];
    const outputs = await engine.run({ eventIndex: 0, inputs: ['Once upon a time'], signal, onPartial: (p) => partials.push(p) });
    expect(outputs).toEqual([
      'Once upon a time there was a little robot who loved to paint the stars.',
      'Once upon a time in the forest lived an old wizard with a magic hat.',
    ]);
    expect(partials.some(([a, b]) => typeof a === 'string' && typeof b === 'string')).toBe(true);
    const repos = new Set(hub.requests.filter((r) => r.status === 200).map((r) => r.repo));
    expect(repos.has('Xenova/gpt2') && repos.has('Xenova/distilgpt2')).toBe(true);
  });
});
