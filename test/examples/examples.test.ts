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
    expect(names.sort()).toEqual(['chain', 'chat', 'greet', 'ocr', 'sentiment', 'summarize', 'two-models']);
    for (const name of names) await expect(loadProject(join(EXAMPLES, name, 'project.json'))).resolves.toBeDefined();
  });

  it('sentiment classifies offline', async () => {
    const engine = await engineFor('sentiment', { offline: true, cacheDir: cache.path });
    const [label] = (await engine.run({ eventIndex: 0, inputs: ['I love this great movie'], signal })) as [{ label: string }];
    expect(label.label).toBe('POSITIVE');
    const [negative] = (await engine.run({ eventIndex: 0, inputs: ['I hate this terrible movie'], signal })) as [{ label: string }];
    expect(negative.label).toBe('NEGATIVE');
  });

  it('chain: greet, then shout with its greeting, then count on success; fail is followed by tidy', async () => {
    const engine = await engineFor('chain', { offline: true });
    const index = (api: string): number => engine.app.events.find((e) => e.apiName === api)?.index ?? -1;
    expect(engine.app.events.map((e) => [e.apiName, e.triggerAfter, e.triggerOnlyOnSuccess])).toEqual([
      ['greet', null, false],
      ['shout', 0, false],
      ['count', 1, true],
      ['fail', null, false],
      ['tidy', 3, false],
      ['greet_1', 3, true],
    ]);
    const [greeting] = await engine.run({ eventIndex: index('greet'), inputs: ['Ada'], signal });
    const [shouted] = await engine.run({ eventIndex: index('shout'), inputs: [greeting], signal });
    expect(shouted).toBe('HELLO ADA! HOW ARE YOU?');
    expect(await engine.run({ eventIndex: index('count'), inputs: [shouted], signal })).toEqual(['23 characters']);
    await expect(engine.run({ eventIndex: index('fail'), inputs: ['Ada'], signal })).rejects.toThrow(/rejected on purpose/);
    expect(await engine.run({ eventIndex: index('tidy'), inputs: [], signal })).toEqual(['Tidied up after the failure.']);
  });

  it('greet says hello', async () => {
    const engine = await engineFor('greet', { offline: true });
    expect(await engine.run({ eventIndex: 0, inputs: ['World'], signal })).toEqual(['Hello World!']);
  });

  it('chat streams its reply token by token and clears the message box', async () => {
    const engine = await engineFor('chat', { offline: true });
    const partials: unknown[][] = [];
    const history = [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'Hello!' },
    ];
    const outputs = await engine.run({ eventIndex: 0, inputs: ['count to 5', history], signal, onPartial: (p) => partials.push(p) });
    const conversation = [...history, { role: 'user', content: 'count to 5' }];
    expect(outputs).toEqual([[...conversation, { role: 'assistant', content: '1 2 3 4 5. Done!' }], '']);
    // First the user's message alone (the box clears at once), then one more token per partial.
    expect(partials[0]).toEqual([conversation, '']);
    const replies = partials.slice(1).map(([h]) => (h as { content: string }[]).at(-1)?.content);
    expect(replies).toEqual(['1', '1 2', '1 2 3', '1 2 3 4', '1 2 3 4 5.', '1 2 3 4 5. Done!']);
  });

  it('chat stops streaming when its signal aborts', async () => {
    const engine = await engineFor('chat', { offline: true });
    const stop = new AbortController();
    const partials: unknown[][] = [];
    const run = engine.run({
      eventIndex: 0,
      inputs: ['count to 1000', []],
      signal: stop.signal,
      onPartial: (p) => {
        partials.push(p);
        if (partials.length === 3) stop.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(partials.length).toBeLessThan(10);
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
