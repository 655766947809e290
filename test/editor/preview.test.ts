/**
 * The live preview through the editor's real API: POST /api/editor/preview runs the unsaved
 * document on a demo server of its own that the real @gradio/client can call; a label edit
 * restarts no worker (the JS function reports its process id), a broken document keeps the last
 * good preview and says what is wrong where, the editor's page may frame the preview and no other
 * page may, and GET /cost turns the measured runs into sentences.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostResponse, PreviewResponse } from '../../preload/shared/editor/editor-api.js';
import { connect } from '../server/support/gradio-client.js';
import { raw } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';
import { startTestEditor, type TestEditor } from './support.js';

const MODULE = `
export function greet([name]) { return 'Hello ' + name + ' from ' + process.pid; }
export function boom() { throw new Error('boom: the input was not allowed'); }
`;

function projectJson(label = 'Name'): Record<string, unknown> {
  return {
    version: 1,
    name: 'Preview test',
    functions: {
      greet: { kind: 'js', module: './fns.js', export: 'greet' },
      boom: { kind: 'js', module: './fns.js', export: 'boom' },
    },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'name', label },
        { type: 'textbox', id: 'out', label: 'Greeting' },
        { type: 'button', id: 'go', value: 'Greet' },
      ],
      events: [
        { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['out'], apiName: 'greet' },
        { trigger: 'go.click', fn: 'boom', inputs: ['name'], outputs: ['out'], apiName: 'boom' },
      ],
    },
  };
}

describe('live preview (real editor, real engine, real @gradio/client)', () => {
  let t: TestEditor;
  let dir: { path: string; remove: () => Promise<void> };
  let source: { path: string; template: null };

  const preview = async (project: unknown): Promise<PreviewResponse> => {
    const response = await t.api('preview', { project, source });
    expect(response.status, response.body).toBe(200);
    return response.json as PreviewResponse;
  };
  const greetPid = async (url: string): Promise<number> => {
    const client = await connect(url);
    try {
      const { data } = await client.predict('/greet', ['Ann']);
      const match = /^Hello Ann from (\d+)$/.exec(String(data[0]));
      if (!match) throw new Error(`unexpected answer ${String(data[0])}`);
      return Number(match[1]);
    } finally {
      client.close();
    }
  };

  beforeAll(async () => {
    dir = await tempDir('preview');
    await writeFile(join(dir.path, 'fns.js'), MODULE);
    source = { path: join(dir.path, 'project.json'), template: null };
    t = await startTestEditor();
  });
  afterAll(async () => {
    await t.close();
    await dir.remove();
  });

  it('serves the unsaved document, and a label edit restarts nothing', async () => {
    const first = await preview(projectJson());
    expect(first.url).toBe(`${t.editor.previewOrigin}/`);
    expect(first.issues).toEqual([]);
    const pid = await greetPid(first.url ?? '');
    const second = await preview(projectJson('Your name'));
    expect(second.restarted).toEqual({ models: [], modules: [] });
    expect(second.revision).toBe(first.revision + 1);
    expect(second.url).toBe(first.url);
    const config = (await (await fetch(`${second.url ?? ''}config`)).json()) as { components: { props: { label?: string } }[] };
    expect(config.components.map((component) => component.props.label)).toContain('Your name');
    expect(await greetPid(second.url ?? '')).toBe(pid);
  });

  it('keeps the last good preview when the document is broken, with the issues at their JSON paths', async () => {
    const broken = { ...projectJson('Your name'), queue: { maxSize: 'ten' } };
    const answer = await preview(broken);
    expect(answer.url).toBeNull();
    expect(answer.issues.map((issue) => issue.path)).toEqual(['$.queue.maxSize']);
    expect(await greetPid(`${t.editor.previewOrigin}/`)).toBeGreaterThan(0);
  });

  it('names the function when it fails (errors are shown in the preview whatever showError says)', async () => {
    const client = await connect(`${t.editor.previewOrigin}/`);
    try {
      await expect(client.predict('/boom', ['x'])).rejects.toMatchObject({
        message: expect.stringContaining('boom: the input was not allowed') as unknown,
      });
    } finally {
      client.close();
    }
  });

  it('lets only the editor page frame the preview', async () => {
    const page = await raw({ port: Number(new URL(t.editor.previewOrigin).port), path: '/' });
    const csp = page.headers['content-security-policy'] ?? '';
    expect(csp).toMatch(new RegExp(`frame-ancestors ${t.editor.origin} http://localhost:${t.port}(;|$)`));
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('answers the cost of an event from its measured runs', async () => {
    const project = projectJson('Your name');
    await preview(project);
    for (let i = 0; i < 3; i++) await greetPid(`${t.editor.previewOrigin}/`);
    const answer = await t.api('cost', { event: 'greet', project });
    expect(answer.status, answer.body).toBe(200);
    const cost = answer.json as CostResponse;
    expect(cost.apiName).toBe('greet');
    expect(cost.inPreview).toBe(true);
    expect(cost.runMs?.samples).toBeGreaterThan(0);
    expect(cost.runMs?.p95).toBeGreaterThanOrEqual(cost.runMs?.p50 ?? Infinity);
    expect(cost.implications[0]).toMatch(/^at most 1 at a time: a burst of 20 users waits ~[\d.]+ (s|min); batching up to 8/);
    expect((await t.api('cost', { project })).status).toBe(422);
    expect((await t.api('cost', { event: 'greet', project, burst: 0 })).status).toBe(422);
  });

  it("speaks of the document's queue settings, not the older ones the preview still runs", async () => {
    const project = projectJson('Your name');
    await preview(project);
    const edited = structuredClone(project) as { ui: { events: Record<string, unknown>[] } };
    Object.assign(edited.ui.events[0] ?? {}, { concurrencyLimit: 4 });
    const cost = (await t.api('cost', { event: 'greet', project: edited, burst: 8 })).json as CostResponse;
    expect(cost.implications[0]).toMatch(/^at most 4 at a time: a burst of 8 users waits/);
    // A document that is not valid: the preview's own settings.
    const broken = { ...edited, version: 'one' };
    const fallback = (await t.api('cost', { event: 'greet', project: broken, burst: 8 })).json as CostResponse;
    expect(fallback.implications[0]).toMatch(/^at most 1 at a time: a burst of 8 users waits/);
  });

  it('answers an event the preview does not run yet as not measured, not as an error', async () => {
    const project = projectJson();
    const added = structuredClone(project) as { ui: { events: Record<string, unknown>[] } };
    added.ui.events.push({ trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['out'], apiName: 'added_since' });
    const answer = await t.api('cost', { event: 'added_since', project: added });
    expect(answer.status, answer.body).toBe(200);
    expect(answer.json).toEqual({
      apiName: 'added_since',
      inPreview: false,
      runMs: null,
      implications: [expect.stringMatching(/^at most 1 at a time; not measured yet: run it in the preview/) as unknown],
    });
    const unknown = await t.api('cost', { event: 'nowhere', project });
    expect(unknown.json).toEqual({ apiName: 'nowhere', inPreview: false, runMs: null, implications: [] });
  });
});
