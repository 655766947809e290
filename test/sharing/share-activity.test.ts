import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVE_WINDOW_MS, ShareActivity, safePath } from '../../main/sharing/share-activity.js';
import { readShareSettings, shareSettingsFile, writeShareSettings } from '../../main/sharing/share-settings.js';
import type { ShareRequestEvent } from '../../main/server/share/share-gate.js';

const request = (visitor: string | null, at: number, extra: Partial<ShareRequestEvent> = {}): ShareRequestEvent => ({
  visitor,
  method: 'GET',
  path: '/config',
  status: visitor === null ? 401 : 200,
  at,
  durationMs: 2.4,
  ...extra,
});

describe('ShareActivity', () => {
  it('counts visitors seen in the last 5 minutes, names them by alias, keeps the newest 50 requests', () => {
    let now = 10_000_000;
    const activity = new ShareActivity(() => now);
    activity.record(request('address:203.0.113.5', now, { path: '/', status: 303 })); // a browser's first visit
    activity.record(request('cookie:aaaaaaaaaaaaaaaaaaaaaaaa', now));
    activity.record(request('address:203.0.113.5', now)); // an API client
    activity.record(request('cookie:bbbbbbbbbbbbbbbbbbbbbbbb', now - ACTIVE_WINDOW_MS - 1));
    activity.record(request(null, now));
    const snapshot = activity.snapshot();
    expect(snapshot.visitorsNow).toBe(2);
    expect(snapshot.visitorsTotal).toBe(3);
    expect(snapshot.recent.map((r) => r.visitor)).toEqual([null, 'visitor 2', 'API client', 'visitor 1', 'link opened']);
    expect(snapshot.recent[0]).toMatchObject({ durationMs: 2, status: 401 });
    expect(JSON.stringify(snapshot)).not.toContain('aaaaaaaa');
    now += ACTIVE_WINDOW_MS + 1;
    expect(activity.snapshot().visitorsNow).toBe(0);
    for (let i = 0; i < 60; i++) activity.record(request(null, now + i));
    expect(activity.snapshot().recent).toHaveLength(50);
    expect(activity.snapshot().recent[0]?.at).toBe(now + 59);
    expect(activity.snapshot().requestsTotal).toBe(65);
  });

  it('never shows a query (where a key or token would be) and cuts long paths', () => {
    expect(safePath('/?key=secret&token=x')).toBe('/');
    expect(safePath('/gradio_api/file=a#frag')).toBe('/gradio_api/file=a');
    expect(safePath(`/${'a'.repeat(400)}`)).toHaveLength(160);
  });
});

describe('the share settings file', () => {
  it('is written atomically with mode 0600 in a 0700 folder, and read back; a broken file is no settings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'share-settings-'));
    try {
      expect(await readShareSettings(dir)).toEqual({});
      await writeShareSettings(dir, { server: 'share://t@host:2222', expiresHours: 24, names: { 'share://t@host:2222': 'x7k2q9' } });
      const file = shareSettingsFile(dir);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      expect(await readShareSettings(dir)).toEqual({
        server: 'share://t@host:2222',
        expiresHours: 24,
        names: { 'share://t@host:2222': 'x7k2q9' },
      });
      await writeFile(file, '{"server": 5');
      expect(await readShareSettings(dir)).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
