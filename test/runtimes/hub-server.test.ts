import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer, type HubServer } from '../helpers/hub-server.js';
import { tempDir } from './support.js';

/** The Hub fixture itself: layout, HEAD, ranges, 404s and the request log. */

describe('hub fixture server', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let hub: HubServer;

  beforeAll(async () => {
    dir = await tempDir('hub-server');
    await mkdir(join(dir.path, 'onnx'));
    await writeFile(join(dir.path, 'config.json'), '{"model_type":"t5"}');
    await writeFile(join(dir.path, 'onnx', 'model.onnx'), Buffer.from([1, 2, 3, 4, 5]));
    hub = await startHubServer({ 'org/model': dir.path, single: dir.path });
  });

  afterAll(async () => {
    await hub.close();
    await dir.remove();
  });

  it('serves files under /{repo}/resolve/{revision}/{file} with content-length', async () => {
    const response = await fetch(`${hub.url}/org/model/resolve/main/config.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('19');
    expect(await response.text()).toBe('{"model_type":"t5"}');
    const nested = await fetch(`${hub.url}/single/resolve/v1.0/onnx/model.onnx`);
    expect(new Uint8Array(await nested.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
  });

  it('answers HEAD and byte ranges', async () => {
    const head = await fetch(`${hub.url}/org/model/resolve/main/onnx/model.onnx`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5');
    const range = await fetch(`${hub.url}/org/model/resolve/main/onnx/model.onnx`, { headers: { Range: 'bytes=0-0' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('bytes 0-0/5');
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(new Uint8Array([1]));
  });

  it('returns 404 for unknown repos, missing files and paths outside the folder', async () => {
    for (const path of [
      '/other/repo/resolve/main/config.json',
      '/org/model/resolve/main/missing.json',
      '/org/model/resolve/main/../../etc/passwd',
      '/nothing',
    ]) {
      const response = await fetch(`${hub.url}${path}`);
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
  });

  it('logs every request', () => {
    expect(hub.requests.length).toBe(8);
    expect(hub.requests[0]).toMatchObject({ method: 'GET', repo: 'org/model', revision: 'main', file: 'config.json', status: 200 });
    expect(hub.requests[3]).toMatchObject({ method: 'GET', range: 'bytes=0-0', status: 206 });
  });
});
