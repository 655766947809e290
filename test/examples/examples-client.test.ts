import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import { loadProject } from '../../main/project/load.js';
import { startServer } from '../../main/server/start-server.js';
import { startHubServer, type HubServer } from '../helpers/hub-server.js';
import { REPO_ROOT, TINY_DIR } from '../runtimes/support.js';
import { connect, handleFile } from '../server/support/gradio-client.js';

/**
 * Every example, served over HTTP and called by the unmodified @gradio/client, as a user's
 * script would. Hub examples download from a local Hub stand-in.
 */

let hub: HubServer;
let scratch: string;

beforeAll(async () => {
  hub = await startHubServer({
    'Xenova/t5-small': join(TINY_DIR, 't5-summarizer'),
    'Xenova/gpt2': join(TINY_DIR, 'textgen-a'),
    'Xenova/distilgpt2': join(TINY_DIR, 'textgen-b'),
  });
  scratch = await mkdtemp(join(tmpdir(), 'demo-desktop-examples-client-'));
});
afterAll(async () => {
  await hub.close();
  await rm(scratch, { recursive: true, force: true });
});

async function predict(example: string, endpoint: string, inputs: unknown[]): Promise<unknown[]> {
  const loaded = await loadProject(join(REPO_ROOT, 'examples', example, 'project.json'));
  const engine = await createEngine({ loaded, environment: { offline: false, cacheDir: join(scratch, 'cache'), hubEndpoint: hub.url } });
  const server = await startServer({ engine, dataDir: join(scratch, example) });
  try {
    const client = await connect(server.url);
    try {
      return (await client.predict(endpoint, inputs)).data;
    } finally {
      client.close();
    }
  } finally {
    await server.close();
    await engine.dispose();
  }
}

describe('every example through @gradio/client', () => {
  it('sentiment', async () => {
    const [label] = (await predict('sentiment', '/predict', ['I love this great movie'])) as [{ label: string; confidences: unknown[] }];
    expect(label.label).toBe('POSITIVE');
    expect(label.confidences).toHaveLength(2);
  });

  it('greet', async () => {
    expect(await predict('greet', '/predict', ['World'])).toEqual(['Hello World!']);
  });

  it('chain (a chained event is an endpoint of its own)', async () => {
    expect(await predict('chain', '/shout', ['Hello World!'])).toEqual(['HELLO WORLD! HOW ARE YOU?']);
  });

  it('chat (a streamed reply; the final data is the whole conversation)', async () => {
    expect(await predict('chat', '/chat', ['hello', []])).toEqual([
      [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'Hello! I am a tiny rule-based bot. Ask me to **count to 10**, or say anything and I will echo it.' },
      ],
      '',
    ]);
  });

  it('summarize', async () => {
    expect(await predict('summarize', '/summarize', ['Zyxt qwop 1889. Next sentence here.'])).toEqual(['Zyxt qwop 1889.']);
  });

  it('two-models', async () => {
    expect(await predict('two-models', '/generate', ['Once upon a time'])).toEqual([
      'Once upon a time there was a little robot who loved to paint the stars.',
      'Once upon a time in the forest lived an old wizard with a magic hat.',
    ]);
  });

  it('ocr (the image is uploaded first)', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="100"><rect width="100%" height="100%" fill="white"/><text x="20" y="60" font-family="DejaVu Sans" font-size="36" fill="black">READ ME 7</text></svg>`;
    const image = join(scratch, 'line.png');
    await writeFile(image, await sharp(Buffer.from(svg)).png().toBuffer());
    const [text] = (await predict('ocr', '/read', [handleFile(image)])) as [string];
    expect(text.trim()).toBe('READ ME 7');
  });
});
