import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { closeServer, DOMAIN, newKey, startDemo, startTestServer, tempDir, untilTunnel, visit } from './support.js';

/** Debian's OpenSSH client (installed with openssh-server by .ci/run) against the share server. */
describe('share server with a stock OpenSSH client', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let share: RunningShareServer;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let keyFile: string;

  beforeEach(async () => {
    data = await tempDir();
    share = await startTestServer(data.dir);
    demo = await startDemo();
    keyFile = path.join(data.dir, 'client_key');
    await writeFile(keyFile, newKey(), { mode: 0o600 });
  });
  afterEach(async () => {
    await share.close();
    await closeServer(demo.server);
    await data.remove();
  });

  const sshArgs = (): string[] => [
    ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${path.join(data.dir, 'known_hosts')}`],
    ...['-i', keyFile, '-p', String(share.sshPort)],
  ];

  it('ssh -N -R <name>:80:... opens the tunnel and "ssh ... url" prints its URL', async () => {
    const online = untilTunnel(share, 'openssh', 'online');
    const forward = spawn('ssh', [
      ...sshArgs(),
      '-N',
      '-o',
      'ExitOnForwardFailure=yes',
      '-R',
      `openssh:80:127.0.0.1:${demo.port}`,
      'secret-token@127.0.0.1',
    ]);
    let stderr = '';
    forward.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => forward.once('exit', (code) => resolve(code)));
    await Promise.race([online, exited.then((code) => Promise.reject(new Error(`ssh exited with ${code}: ${stderr}`)))]);

    const { stdout } = await promisify(execFile)('ssh', [...sshArgs(), 'secret-token@127.0.0.1', 'url']);
    expect(stdout).toBe(`http://openssh.${DOMAIN}:${share.httpPort}\n`);
    const reply = await visit(share.httpPort, `openssh.${DOMAIN}`, '/through-openssh');
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { url: string }).url).toBe('/through-openssh');

    const offline = untilTunnel(share, 'openssh', 'offline');
    forward.kill('SIGTERM');
    await exited;
    await offline;
  });
});
