import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type GradioClient } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';

/** File outputs may come only from trusted folders, and a symlink there cannot lead outside. */

const MODULE = `
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
export function linked() { return join(here, 'passwd-link'); }
export function inside() { return join(here, 'inside.txt'); }
`;

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo(
    {
      functions: {
        linked: { kind: 'js', module: './outputs.js', export: 'linked' },
        inside: { kind: 'js', module: './outputs.js', export: 'inside' },
      },
      ui: {
        type: 'blocks',
        children: [
          { type: 'button', id: 'go' },
          { type: 'file', id: 'download' },
        ],
        events: [
          { trigger: 'go.click', fn: 'linked', inputs: [], outputs: ['download'] },
          { trigger: 'go.click', fn: 'inside', inputs: [], outputs: ['download'] },
        ],
      },
    },
    {},
    { 'outputs.js': MODULE, 'inside.txt': 'project file' },
  );
  await symlink('/etc/passwd', join(demo.dir, 'passwd-link'));
  client = await connect(demo.base);
});

afterAll(async () => {
  client.close();
  await demo.close();
});

describe('file outputs', () => {
  it('serves a file from the project folder', async () => {
    const result = await client.predict('/inside', []);
    const file = result.data[0] as { url: string };
    expect(await (await fetch(file.url)).text()).toBe('project file');
  });

  it('refuses a symlink in the project folder that points outside it', async () => {
    await expect(client.predict('/linked', [])).rejects.toMatchObject({
      message: expect.stringContaining('outside the project') as string,
    });
  });
});
