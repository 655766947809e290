import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { createLogger, silentLogger } from '../../main/common/logger.js';
import type { DownloadProgress, ModelEnvironment } from '../../main/runtimes/runtime.js';
import { TransformersRuntime, type TransformersModel } from '../../main/runtimes/transformers/transformers-runtime.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { SAMPLE_RATE, synthesizeTones } from '../../models/generator/asr-model.js';
import { startHubServer, type HubServer } from '../helpers/hub-server.js';
import { OFFLINE_ENV, resolvedModel, tempDir, TINY_DIR } from './support.js';

/** transformers.js pipelines on the committed tiny models, from folders and from a local hub. */

const signal = new AbortController().signal;
const hosts: WorkerHost[] = [];

function pathModel(name: string, folder: string, definition: Record<string, unknown>, env: ModelEnvironment = OFFLINE_ENV) {
  const path = join(TINY_DIR, folder);
  return resolvedModel(name, { runtime: 'transformers', source: { path }, ...definition }, env, path);
}

function worker(model: ReturnType<typeof resolvedModel>, cancelGraceMs?: number): WorkerHost {
  const host = new WorkerHost({ spec: { kind: 'model', model }, ...(cancelGraceMs ? { cancelGraceMs } : {}) });
  hosts.push(host);
  return host;
}

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.dispose()));
});

describe('transformers runtime in a worker (path sources)', () => {
  it('classifies sentiment (text-classification and the sentiment-analysis alias)', async () => {
    const host = worker(pathModel('sentiment', 'sentiment', { task: 'sentiment-analysis' }));
    const info = await host.load({ signal });
    expect(info.device).toBe('cpu');
    const [top] = (await host.infer('I love this, it is great', { signal })) as { label: string; score: number }[];
    expect(top?.label).toBe('POSITIVE');
    const [negative] = (await host.infer('this is awful', { signal })) as { label: string }[];
    expect(negative?.label).toBe('NEGATIVE');
  });

  it('streams text-generation as accumulated text; each partial is a prefix of the result', async () => {
    const host = worker(pathModel('textgen', 'textgen-a', { task: 'text-generation' }));
    const partials: string[] = [];
    const result = (await host.infer('Once upon a time', {
      signal,
      params: { do_sample: false },
      onPartial: (value) => partials.push(value as string),
    })) as { generated_text: string }[];
    const text = 'Once upon a time there was a little robot who loved to paint the stars.';
    expect(result).toEqual([{ generated_text: text }]);
    expect(partials.length).toBeGreaterThan(3);
    for (const partial of partials) expect(text.startsWith(partial)).toBe(true);
    expect(partials.at(-1)).toBe(text);
    expect(host.capabilities().streaming).toBe(true);
  });

  it('cancels generation between steps without killing the worker', async () => {
    const host = worker(pathModel('textgen-b', 'textgen-b', { task: 'text-generation' }), 10_000);
    await host.load({ signal });
    const pid = host.pid;
    // 1,000 new tokens (the model has 1,024 positions and no KV cache): a full run is 1,000 steps
    // and takes about a second here; stopping at the next step takes about a millisecond.
    const params = { do_sample: false, max_new_tokens: 1000, min_new_tokens: 1000 };
    const fullStart = performance.now();
    const [full] = (await host.infer('Once upon a time', { signal, params })) as { generated_text: string }[];
    const fullMs = performance.now() - fullStart;
    // Every token decodes to at least one character: all 1,000 were generated (max_length 64 of generation_config.json did not win).
    expect(full?.generated_text.length).toBeGreaterThanOrEqual('Once upon a time'.length + 1000);

    const controller = new AbortController();
    let abortedAt: number | undefined;
    const started = performance.now();
    const job = host.infer('Once upon a time', {
      signal: controller.signal,
      params,
      onPartial: () => {
        abortedAt ??= performance.now();
        controller.abort();
      },
    });
    await expect(job).rejects.toSatisfy(isCancelled);
    const stoppedMs = performance.now() - (abortedAt ?? Number.NaN);
    // The first streamed word came early in the run (so most of the 1,000 steps were still ahead)...
    expect((abortedAt ?? Number.NaN) - started).toBeLessThan(fullMs / 4);
    // ...and the worker answered long before it could have generated them: the host settles a
    // cancelled job only when the worker reports back, so this is the time the worker took to stop.
    expect(stoppedMs).toBeLessThan(fullMs / 4);
    expect(host.pid).toBe(pid);
    const [again] = (await host.infer('Hello', { signal, params: { do_sample: false, return_full_text: false } })) as {
      generated_text: string;
    }[];
    expect(again?.generated_text).toBe(' there, friend!');
  });

  it('summarizes with an encoder-decoder model, streaming the summary', async () => {
    const host = worker(pathModel('summarizer', 't5-summarizer', { task: 'summarization' }));
    const text = 'The tower is 324 metres tall. It was the tallest man-made structure for 41 years.';
    const partials: unknown[] = [];
    await expect(host.infer(text, { signal, onPartial: (value) => partials.push(value) })).resolves.toEqual([
      { summary_text: 'The tower is 324 metres tall.' },
    ]);
    expect(partials.at(-1)).toBe('The tower is 324 metres tall.');
  });

  it('a folder without the model files fails with MODEL_NOT_FOUND naming the file', async () => {
    const host = worker(
      resolvedModel('nothing', { runtime: 'transformers', source: { path: '/x' }, task: 'summarization' }, OFFLINE_ENV, TINY_DIR),
    );
    await expect(host.load({ signal })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('config.json') as unknown,
    });
  });
});

describe('transformers runtime from a hub endpoint', () => {
  let hub: HubServer;
  let cache: { path: string; remove: () => Promise<void> };
  const hubModel = (env: Partial<ModelEnvironment>) =>
    resolvedModel(
      't5',
      { runtime: 'transformers', source: { hub: 'Xenova/t5-small' }, task: 'summarization' },
      {
        cacheDir: cache.path,
        offline: false,
        hubEndpoint: hub.url,
        ...env,
      },
    );

  beforeAll(async () => {
    hub = await startHubServer({ 'Xenova/t5-small': join(TINY_DIR, 't5-summarizer') });
    cache = await tempDir('hub-cache');
  });

  afterAll(async () => {
    await hub.close();
    await cache.remove();
  });

  it('downloads on the first run, then loads offline from the cache with no requests', async () => {
    const downloads: DownloadProgress[] = [];
    const online = worker(hubModel({}));
    await online.load({ signal, onDownload: (progress) => downloads.push(progress) });
    const fetched = new Set(hub.requests.filter((r) => r.status === 200).map((r) => r.file));
    expect(fetched).toEqual(
      new Set([
        'config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'generation_config.json',
        'onnx/encoder_model.onnx',
        'onnx/decoder_model_merged.onnx',
      ]),
    );
    const done = downloads.filter((d) => d.done).map((d) => d.file);
    expect(done).toEqual(expect.arrayContaining(['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx', 'config.json']));
    expect(downloads.some((d) => !d.done && d.loaded > 0)).toBe(true);
    const text = 'Zyxt qwop 1889. Next.';
    await expect(online.infer(text, { signal })).resolves.toEqual([{ summary_text: 'Zyxt qwop 1889.' }]);
    await online.dispose();

    const before = hub.requests.length;
    const offline = worker(hubModel({ offline: true }));
    const offlineDownloads: DownloadProgress[] = [];
    await offline.load({ signal, onDownload: (progress) => offlineDownloads.push(progress) });
    await expect(offline.infer(text, { signal })).resolves.toEqual([{ summary_text: 'Zyxt qwop 1889.' }]);
    expect(hub.requests.length).toBe(before);
    expect(offlineDownloads).toEqual([]);
  });

  it('a repo the hub does not have fails with MODEL_NOT_FOUND', async () => {
    const empty = await tempDir('missing-repo');
    const model = resolvedModel(
      'nope',
      { runtime: 'transformers', source: { hub: 'Xenova/nope' }, task: 'summarization' },
      {
        cacheDir: empty.path,
        offline: false,
        hubEndpoint: hub.url,
      },
    );
    await expect(worker(model).load({ signal })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringMatching(/no model "Xenova\/nope".*\(config\.json\)/) as unknown,
    });
    await empty.remove();
  });

  it('offline with an empty cache fails with MODEL_NOT_FOUND naming the repo and the offline switch', async () => {
    const empty = await tempDir('empty-cache');
    const before = hub.requests.length;
    const host = worker(hubModel({ offline: true, cacheDir: empty.path }));
    await expect(host.load({ signal })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringMatching(/"Xenova\/t5-small".*--offline/) as unknown,
    });
    expect(hub.requests.length).toBe(before);
    await empty.remove();
  });

  it('an unreachable hub fails with DOWNLOAD_FAILED naming the model, the hub and what to do, in the log too', async () => {
    const empty = await tempDir('unreachable');
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = await startHubServer({});
    await closed.close();
    const address = closed.url.replace('http://', '');
    const lines: string[] = [];
    const logger = createLogger('test', 'warn', (line) => lines.push(line));
    const host = new WorkerHost({ spec: { kind: 'model', model: hubModel({ cacheDir: empty.path, hubEndpoint: closed.url }) }, logger });
    hosts.push(host);
    const expected = new RegExp(
      `^Could not reach the model hub at ${address.replace(/\./g, '\\.')} to download config\\.json of model "t5" \\(Xenova/t5-small\\): ` +
        `.*ECONNREFUSED.*\\. Check the network connection; start with --offline to use only models already in the cache; ` +
        'or point --hub-endpoint \\(or HF_ENDPOINT\\) at a hub or mirror that can be reached\\.$',
    );
    // A lazy load (the first call): the caller gets the error, and the terminal sees it too.
    await expect(host.infer('text', { signal })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringMatching(expected) as unknown,
    });
    expect(lines.filter((line) => /Could not reach the model hub/.test(line))).toHaveLength(1);
    // An explicit load reports to its caller (the CLI prints it), so it is not logged twice.
    await expect(host.load({ signal })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringMatching(expected) as unknown,
    });
    expect(lines.filter((line) => /Could not reach the model hub/.test(line))).toHaveLength(1);
    await empty.remove();
  });

  it('a hub that answers with an error names the model, the hub, the status and what to do', async () => {
    const empty = await tempDir('hub-down');
    const down = await startHubServer({}, { failWith: 503 });
    const host = worker(hubModel({ cacheDir: empty.path, hubEndpoint: down.url }));
    await expect(host.load({ signal })).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringMatching(
        new RegExp(
          `^The model hub at ${down.url.replace('http://', '').replace(/\./g, '\\.')} failed to send model "t5" \\(Xenova/t5-small\\): ` +
            'HTTP 503 for config\\.json\\. It may be down for a while: try again later\\. Check the network connection; start with --offline',
        ),
      ) as unknown,
    });
    expect(down.requests.length).toBeGreaterThan(0);
    await down.close();
    await empty.remove();
  });
});

describe('transformers runtime input normalisation (in process)', () => {
  async function open(folder: string, task: string, extra: Record<string, unknown> = {}) {
    const runtime = new TransformersRuntime(pathModel(folder, folder, { task, ...extra }) as TransformersModel, silentLogger);
    const info = await runtime.load({ signal });
    return { runtime, info };
  }

  it('token-classification (ner) returns plain entities', async () => {
    const { runtime } = await open('ner', 'ner');
    const entities = (await runtime.infer('My name is Sarah and I live in London', { signal })) as { word: string; entity: string }[];
    expect(entities.map((e) => [e.word, e.entity])).toEqual([
      ['Sarah', 'B-PER'],
      ['London', 'B-LOC'],
    ]);
    await runtime.unload();
  });

  it('feature-extraction returns nested number arrays, not tensors', async () => {
    const { runtime } = await open('embedder', 'feature-extraction');
    const vectors = (await runtime.infer(['cat', 'car'], { signal, params: { pooling: 'mean', normalize: true } })) as number[][];
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(19);
    expect(typeof vectors[0]?.[0]).toBe('number');
    await runtime.unload();
  });

  it('image-classification takes a path or image bytes', async () => {
    const dir = await tempDir('tf-image');
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 30, b: 220 } } })
      .png()
      .toBuffer();
    const path = join(dir.path, 'blue.png');
    await writeFile(path, png);
    const { runtime } = await open('image-classifier', 'image-classification');
    for (const input of [path, png]) {
      const [top] = (await runtime.infer(input, { signal })) as { label: string }[];
      expect(top?.label).toBe('blue');
    }
    await runtime.unload();
    await dir.remove();
  });

  it('automatic-speech-recognition takes samples, [rate, samples] and WAV files', async () => {
    const { runtime } = await open('asr', 'automatic-speech-recognition');
    const tones = synthesizeTones('hello');
    await expect(runtime.infer(tones, { signal })).resolves.toEqual({ text: 'HELLO' });
    // 8 kHz input is resampled to the model's 16 kHz.
    const half = Float32Array.from({ length: tones.length / 2 }, (_, i) => tones[i * 2] ?? 0);
    await expect(runtime.infer([SAMPLE_RATE / 2, half], { signal })).resolves.toEqual({ text: 'HELLO' });
    const dir = await tempDir('wav');
    const path = join(dir.path, 'hello.wav');
    await writeFile(path, wav16(tones, SAMPLE_RATE));
    await expect(runtime.infer(path, { signal })).resolves.toEqual({ text: 'HELLO' });
    await runtime.unload();
    await dir.remove();
  });

  it('device "gpu" falls back to the CPU with the reason recorded', async () => {
    const { runtime, info } = await open('sentiment', 'text-classification', { device: 'gpu' });
    if (info.device === 'cpu') expect(info.fallbackReason).toMatch(/WebGPU/);
    const [top] = (await runtime.infer('great', { signal })) as { label: string }[];
    expect(top?.label).toBe('POSITIVE');
    await runtime.unload();
  });
});

/** 16-bit PCM mono WAV bytes. */
function wav16(samples: Float32Array, rate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
