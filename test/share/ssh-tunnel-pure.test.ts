import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../main/share/backoff.js';
import { checkHostKey, knownHostsFile, sshFingerprint } from '../../main/share/known-hosts.js';
import { classifySshError, isPermanent, type SshErrorContext } from '../../main/share/ssh-errors.js';
import { loadOrCreateSshKey, sshPublicKey } from '../../main/share/ssh-key.js';
import { SSH_WEBSOCKET_PATH as SERVER_SSH_WEBSOCKET_PATH } from '../../main/share-server/ssh-over-websocket.js';
import { parseSshTarget, SSH_WEBSOCKET_PATH } from '../../main/share/ssh-target.js';
import { TunnelError } from '../../main/share/tunnel.js';

describe('parseSshTarget', () => {
  it('reads user, host and port, with ssh defaults', () => {
    expect(parseSshTarget('ssh://share.example.com', 'me')).toEqual({
      user: 'me',
      host: 'share.example.com',
      port: 22,
      hostPort: 'share.example.com:22',
      transport: { kind: 'tcp' },
    });
    expect(parseSshTarget('ssh://demo@127.0.0.1:2222', 'me')).toMatchObject({ user: 'demo', port: 2222, hostPort: '127.0.0.1:2222' });
    expect(parseSshTarget('ssh://[::1]:2200/', 'me')).toMatchObject({ host: '::1', hostPort: '[::1]:2200' });
  });

  it('reads ssh+wss:// and ssh+ws:// as SSH over a WebSocket on the reserved path, pinned apart from the SSH port', () => {
    const secure = parseSshTarget('ssh+wss://tok@share.example.com', 'me');
    expect(secure).toMatchObject({ user: 'tok', host: 'share.example.com', port: 443, hostPort: 'wss://share.example.com:443' });
    expect(secure.transport.kind === 'websocket' && secure.transport.url.href).toBe('wss://share.example.com/.well-known/demo-desktop/ssh');
    const plain = parseSshTarget('ssh+ws://127.0.0.1:8080', 'me');
    expect(plain).toMatchObject({ port: 8080, hostPort: 'ws://127.0.0.1:8080' });
    expect(plain.transport.kind === 'websocket' && plain.transport.url.href).toBe('ws://127.0.0.1:8080/.well-known/demo-desktop/ssh');
    expect(parseSshTarget('ssh+ws://[::1]', 'me').transport).toMatchObject({ url: new URL('ws://[::1]:80/.well-known/demo-desktop/ssh') });
  });

  it('uses the same reserved path as the share server', () => {
    expect(SSH_WEBSOCKET_PATH).toBe(SERVER_SSH_WEBSOCKET_PATH);
  });

  it.each([
    ['http://example.com', 'the scheme is "http"'],
    ['ssh://u:pw@example.com', 'passwords are not used'],
    ['ssh://example.com/path', 'a path is not allowed'],
    ['example.com', 'not a URL'],
    ['ssh+wss://example.com/ssh', 'a path is not allowed'],
  ])('refuses %s, echoing the value and the expected form', (value, why) => {
    expect(() => parseSshTarget(value, 'me')).toThrow(why);
    expect(() => parseSshTarget(value, 'me')).toThrow(`"${value}"`);
    expect(() => parseSshTarget(value, 'me')).toThrow('ssh://[user@]host[:port]');
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, with half of each wait random', () => {
    const low = (n: number): number => backoffDelay(n, { baseMs: 500, capMs: 30_000, random: () => 0 });
    const high = (n: number): number => backoffDelay(n, { baseMs: 500, capMs: 30_000, random: () => 1 });
    expect([1, 2, 3, 4].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map(low)).toEqual([250, 500, 1000, 2000]);
    expect(high(7)).toBe(30_000);
    expect(high(1000)).toBe(30_000);
    expect(low(1000)).toBe(15_000);
  });

  it('stays within [base/2, cap] for any random draw', () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      const value = backoffDelay(attempt);
      expect(value).toBeGreaterThanOrEqual(250);
      expect(value).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('classifySshError', () => {
  const context: SshErrorContext = {
    target: { user: 'demo', host: 'share.example.com', port: 22, hostPort: 'share.example.com:22', transport: { kind: 'tcp' } },
    publicKeyFile: '/data/share/id_ed25519.pub',
    forward: { bindAddr: '', bindPort: 0 },
  };
  const errno = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });
  const level = (name: string, message: string): Error => Object.assign(new Error(message), { level: name });

  it.each([
    [errno('ENOTFOUND'), 'dns' as const, 'dns', 'share.example.com'],
    [errno('EAI_AGAIN'), 'dns' as const, 'dns', 'DNS'],
    [errno('ECONNREFUSED'), 'connect' as const, 'connect', 'running'],
    [errno('EHOSTUNREACH'), 'connect' as const, 'connect', 'firewall'],
    [level('client-authentication', 'All configured authentication methods failed'), 'auth' as const, 'auth', '/data/share/id_ed25519.pub'],
    [level('client-timeout', 'Keepalive timeout'), 'forward' as const, 'timeout', 'stopped answering'],
    [new Error('Unable to bind to :0'), 'forward' as const, 'forward', 'AllowTcpForwarding'],
    [new Error('Connection lost before handshake'), 'handshake' as const, 'connect', 'Connection lost'],
  ])('%s during %s is step %s, with advice', (error, phase, step, advice) => {
    const result = classifySshError(error, phase, context);
    expect(result.step).toBe(step);
    expect(result.code).toBe('TUNNEL_FAILED');
    expect(result.message).toContain(advice);
    expect(result.cause).toBe(error);
  });

  it('over a WebSocket: an untrusted certificate and a refused upgrade are step connect, each with its own advice', () => {
    const ws = { ...context, target: parseSshTarget('ssh+wss://share.example.com', 'demo') };
    const selfSigned = classifySshError(errno('DEPTH_ZERO_SELF_SIGNED_CERT'), 'connect', ws);
    expect(selfSigned.step).toBe('connect');
    expect(selfSigned.message).toContain('--share-ca');
    const refused = classifySshError(Object.assign(new Error('HTTP 404'), { code: 'WS_UPGRADE_REFUSED' }), 'connect', ws);
    expect(refused.step).toBe('connect');
    expect(refused.message).toContain('passes WebSocket upgrades');
    expect(classifySshError(errno('ECONNREFUSED'), 'connect', ws).message).toContain('HTTP(S) port');
    expect(classifySshError(errno('ENOTFOUND'), 'dns', ws).message).toContain('wss://share.example.com/.well-known/demo-desktop/ssh');
  });

  it('calls a refused named forward on our share server name-taken', () => {
    const named = { ...context, forward: { bindAddr: 'mine', bindPort: 80, name: 'mine' } };
    expect(classifySshError(new Error('Unable to bind'), 'forward', named).step).toBe('name-taken');
  });

  it('passes a TunnelError through and retries all but auth and host-key', () => {
    const pinned = new TunnelError('host-key', 'changed');
    expect(classifySshError(pinned, 'handshake', context)).toBe(pinned);
    expect(['dns', 'connect', 'forward', 'name-taken', 'timeout'].map((s) => isPermanent(s as never))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isPermanent('auth') && isPermanent('host-key')).toBe(true);
  });
});

describe('the key pair and known_hosts.json', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ssh-pure-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the key once (0600) and prints the same OpenSSH public key after', async () => {
    const first = await loadOrCreateSshKey(dir);
    expect(first.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ demo-desktop share$/);
    expect((await stat(first.privateKeyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(first.privateKeyFile))).mode & 0o777).toBe(0o700);
    expect((await readFile(first.publicKeyFile, 'utf8')).trim()).toBe(first.publicKey);
    expect(await sshPublicKey(dir)).toBe(first.publicKey);
  });

  it('refuses an unreadable key file by name', async () => {
    const other = path.join(dir, 'broken');
    await loadOrCreateSshKey(other);
    await writeFile(path.join(other, 'share', 'id_ed25519'), 'not a key');
    await expect(loadOrCreateSshKey(other)).rejects.toThrow(path.join(other, 'share', 'id_ed25519'));
  });

  it('pins the first key per host:port, trusts it again, refuses another with both fingerprints', async () => {
    const file = knownHostsFile(dir);
    const blob = (seed: number): Buffer =>
      Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, seed)]);
    expect(await checkHostKey(file, 'h:22', blob(1))).toBe('pinned');
    expect(await checkHostKey(file, 'h:22', blob(1))).toBe('trusted');
    expect(await checkHostKey(file, 'h:2222', blob(2))).toBe('pinned');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const error = await checkHostKey(file, 'h:22', blob(2)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).step).toBe('host-key');
    expect((error as TunnelError).message).toContain(sshFingerprint(blob(1)));
    expect((error as TunnelError).message).toContain(sshFingerprint(blob(2)));
    expect((error as TunnelError).message).toContain(file);
    expect((error as TunnelError).message).toContain('ssh-ed25519');
  });

  it('names a damaged known_hosts.json instead of trusting anything', async () => {
    const file = path.join(dir, 'known-bad.json');
    await writeFile(file, '{"version":2}');
    await expect(checkHostKey(file, 'h:22', Buffer.alloc(4))).rejects.toThrow(`${file} is not a known-hosts file`);
  });
});
