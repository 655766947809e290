import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import {
  closeClient,
  closeServer,
  connectDemo,
  DOMAIN,
  execUrl,
  forwardIn,
  memoryLogger,
  newKey,
  publicKeyLine,
  startDemo,
  startTestServer,
  tempDir,
  untilTunnel,
  visit,
} from './support.js';

describe('share server: names owned by keys', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let share: RunningShareServer | undefined;
  let demo: Awaited<ReturnType<typeof startDemo>>;

  beforeEach(async () => {
    data = await tempDir();
    demo = await startDemo();
  });
  afterEach(async () => {
    await share?.close();
    await closeServer(demo.server);
    await data.remove();
  });

  it('refuses a name that another key holds, says why, and keeps serving the owner', async () => {
    const log = memoryLogger();
    share = await startTestServer(data.dir, { logger: log.logger });
    const owner = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(owner, 'taken');
    const other = await connectDemo(share.sshPort, newKey(), demo.port);
    await expect(forwardIn(other, 'taken')).rejects.toThrow();
    expect(log.lines.some((line) => line.includes('forward refused: the name "taken" belongs to another key'))).toBe(true);
    expect((await execUrl(other)).code).toBe(1);
    expect((await visit(share.httpPort, `taken.${DOMAIN}`)).status).toBe(200);
    // Even with the owner offline, the name stays its own.
    const gone = untilTunnel(share, 'taken', 'offline');
    await closeClient(owner);
    await gone;
    await expect(forwardIn(other, 'taken')).rejects.toThrow();
    await closeClient(other);
  });

  it('gives a key the same name after a reconnect and after a server restart (same data folder)', async () => {
    const key = newKey();
    share = await startTestServer(data.dir);
    const first = await connectDemo(share.sshPort, key, demo.port);
    await forwardIn(first, '');
    const url = (await execUrl(first)).stdout;
    const name = /^http:\/\/([a-z2-7]+)\./.exec(url)?.[1] ?? '';
    const offline = untilTunnel(share, name, 'offline');
    await closeClient(first);
    await offline;

    const again = await connectDemo(share.sshPort, key, demo.port);
    await forwardIn(again, '');
    expect((await execUrl(again)).stdout).toBe(url);
    await closeClient(again);

    const { httpPort, hostKeyFingerprint } = share;
    await share.close();
    share = await startTestServer(data.dir, { httpPort });
    expect(share.hostKeyFingerprint).toBe(hostKeyFingerprint);
    const afterRestart = await connectDemo(share.sshPort, key, demo.port);
    await forwardIn(afterRestart, '');
    expect((await execUrl(afterRestart)).stdout).toBe(url);
    expect((await visit(share.httpPort, `${name}.${DOMAIN}`)).status).toBe(200);
    await closeClient(afterRestart);

    expect((await stat(path.join(data.dir, 'names.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(data.dir, 'host_ed25519'))).mode & 0o777).toBe(0o600);
  });

  it('lets the same key take its name over from a connection that has not noticed it dropped', async () => {
    const key = newKey();
    share = await startTestServer(data.dir);
    const stale = await connectDemo(share.sshPort, key, demo.port);
    await forwardIn(stale, 'mine');
    const fresh = await connectDemo(share.sshPort, key, demo.port);
    await forwardIn(fresh, 'mine');
    expect((await execUrl(fresh)).stdout).toBe(`http://mine.${DOMAIN}:${share.httpPort}\n`);
    // The stale connection holds no tunnel now: it answers the key's live one (the fresh connection's).
    expect((await execUrl(stale)).stdout).toBe(`http://mine.${DOMAIN}:${share.httpPort}\n`);
    // The stale connection going away does not take the name offline.
    const staleGone = new Promise<void>((resolve) => share?.events.on('disconnected', () => resolve()));
    await closeClient(stale);
    await staleGone;
    expect((await visit(share.httpPort, `mine.${DOMAIN}`)).status).toBe(200);
    await closeClient(fresh);
  });

  it('frees names unused for longer than the expiry', async () => {
    share = await startTestServer(data.dir);
    const owner = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(owner, 'shortlived');
    await closeClient(owner);
    await share.close();
    // A restart sweeps at once: with a 1 ms expiry the name (last seen before the restart) is free.
    share = await startTestServer(data.dir, { expiryMs: 1 });
    expect((await visit(share.httpPort, `shortlived.${DOMAIN}`)).status).toBe(404);
    const newcomer = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(newcomer, 'shortlived');
    await closeClient(newcomer);
  });

  it('signs in only keys listed in the allow-list file', async () => {
    const allowed = newKey();
    const file = path.join(data.dir, 'authorized_keys');
    await writeFile(file, `# demo machines\n${publicKeyLine(allowed)}\n`);
    const log = memoryLogger();
    share = await startTestServer(data.dir, { clients: { kind: 'keys', file }, logger: log.logger });
    await expect(connectDemo(share.sshPort, newKey(), demo.port, 'anyone')).rejects.toThrow(/authentication methods failed/);
    expect(log.lines.some((line) => line.includes('sign-in refused: key not allowed'))).toBe(true);
    const client = await connectDemo(share.sshPort, allowed, demo.port, 'anyone');
    await forwardIn(client, '');
    await closeClient(client);
  });

  it('signs in any key whose user name is the token, and no other', async () => {
    share = await startTestServer(data.dir, { clients: { kind: 'token', token: 'right-token' } });
    await expect(connectDemo(share.sshPort, newKey(), demo.port, 'wrong-token')).rejects.toThrow(/authentication methods failed/);
    const client = await connectDemo(share.sshPort, newKey(), demo.port, 'right-token');
    await closeClient(client);
  });
});
