/** The share link's access rules alone (share-access.ts, share-credentials.ts, visitor-files.ts): no server. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARE_LIFETIME_MS, ShareAccess } from '../../main/server/share/share-access.js';
import { readCredentials, shareCookie } from '../../main/server/share/share-credentials.js';
import { safeNext } from '../../main/server/share/share-passcode.js';
import { VisitorFiles } from '../../main/server/share/visitor-files.js';

const request = (url: string, headers: Record<string, string> = {}): IncomingMessage => ({ url, headers }) as unknown as IncomingMessage;

describe('ShareAccess', () => {
  it('makes a 32-byte key, new on every gate and on revoke, and expires after 72 h by default', () => {
    let now = 5_000;
    const access = new ShareAccess({ now: () => now });
    expect(Buffer.from(access.key, 'base64url')).toHaveLength(32);
    expect(new ShareAccess().key).not.toBe(access.key);
    expect(access.expiresAt).toBe(5_000 + DEFAULT_SHARE_LIFETIME_MS);
    expect(access.judge({ kind: 'key', value: access.key })).toEqual({ kind: 'granted', visitor: 'key-holder' });
    now += DEFAULT_SHARE_LIFETIME_MS;
    expect(access.judge({ kind: 'bearer', value: access.key })).toEqual({ kind: 'expired' });
    expect(access.judge({ kind: 'bearer', value: 'not-the-key' })).toEqual({ kind: 'denied' });
    const old = access.key;
    access.revoke();
    expect(access.judge({ kind: 'key', value: old })).toEqual({ kind: 'denied' });
    expect(access.judge({ kind: 'key', value: access.key }).kind).toBe('granted');
  });

  it('accepts only cookies it signed with the current key', () => {
    const access = new ShareAccess({ lifetimeMs: null });
    const { value, visitor } = access.issueCookie();
    expect(access.judge({ kind: 'cookie', value })).toEqual({ kind: 'granted', visitor: `cookie:${visitor}` });
    const [id = '', mac = ''] = value.split('.');
    const other = access.issueCookie().value.split('.')[0] ?? '';
    for (const forged of [`${other}.${mac}`, `${id}.${mac.slice(1)}x`, id, `${id}.`, `../..${id}.${mac}`, '']) {
      expect(access.judge({ kind: 'cookie', value: forged }), forged).toEqual({ kind: 'denied' });
    }
    access.revoke(null);
    expect(access.judge({ kind: 'cookie', value })).toEqual({ kind: 'denied' });
  });
});

describe('credentials', () => {
  it('reads every share cookie, the link key and a Bearer key, cookies first (a browser stays its visitor)', () => {
    const found = readCredentials(request('/x?a=1&key=K1', { authorization: 'Bearer K2', cookie: 'other=1; dd_share=C1; dd_share=C2' }));
    expect(found).toEqual([
      { kind: 'cookie', value: 'C1' },
      { kind: 'cookie', value: 'C2' },
      { kind: 'key', value: 'K1' },
      { kind: 'bearer', value: 'K2' },
    ]);
    expect(readCredentials(request('/', { authorization: 'Basic abc' }))).toEqual([]);
    expect(shareCookie('v', true)).toBe('dd_share=v; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(shareCookie('v', false)).toBe('dd_share=v; Path=/; HttpOnly; SameSite=Lax');
  });

  it('sends the passcode form back only to a path on this site', () => {
    expect(safeNext('/?theme=dark')).toBe('/?theme=dark');
    for (const next of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'evil', null]) expect(safeNext(next)).toBe('/');
  });
});

describe('VisitorFiles', () => {
  it('remembers the served files a response carried, for that visitor only', () => {
    const files = new VisitorFiles(['/data/uploads', '/data/outputs']);
    const written: unknown[] = [];
    const res = {
      write: (chunk: unknown) => written.push(chunk) > 0,
      end: (chunk?: unknown) => written.push(chunk),
    } as unknown as ServerResponse;
    files.watch('alice', res);
    res.write(
      `data: ${JSON.stringify({ output: { data: [{ path: '/data/outputs/ab/a "q".txt' }, '/etc/passwd', '/data/uploadsX/y'] } })}\n\n`,
    );
    res.end(Buffer.from(JSON.stringify(['/data/uploads/cd/b.png'])));
    expect(written).toHaveLength(2);
    expect(files.allows('alice', '/data/outputs/ab/a "q".txt')).toBe(true);
    expect(files.allows('alice', '/data/outputs/ab/../ab/a "q".txt')).toBe(true);
    expect(files.allows('alice', '/data/uploads/cd/b.png')).toBe(true);
    expect(files.allows('alice', '/etc/passwd')).toBe(false);
    expect(files.allows('alice', '/data/uploadsX/y')).toBe(false);
    expect(files.allows('bob', '/data/uploads/cd/b.png')).toBe(false);
  });
});
