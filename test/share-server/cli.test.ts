import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDuration } from '../../main/cli/share-server-options.js';
import { runCli, spawnCli, waitForLine } from '../cli/run-cli.js';
import { closeClient, closeServer, connectDemo, DOMAIN, execUrl, forwardIn, newKey, startDemo, tempDir, visit } from './support.js';

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('demo-desktop share-server', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  const running = new Set<ChildProcessWithoutNullStreams>();

  beforeEach(async () => {
    data = await tempDir();
    demo = await startDemo();
  });
  afterEach(async () => {
    for (const child of running) if (child.exitCode === null) await stop(child);
    running.clear();
    await closeServer(demo.server);
    await data.remove();
  });

  async function start(httpPort: number): Promise<{ child: ChildProcessWithoutNullStreams; httpPort: number; sshPort: number }> {
    const args = [
      'share-server',
      '--domain',
      DOMAIN,
      '--http-port',
      String(httpPort),
      '--ssh-port',
      '0',
      '--data-dir',
      data.dir,
      '--token',
      'cli-token-123',
    ];
    const child = spawnCli(args);
    running.add(child);
    const match = await waitForLine(child, /visitors on 127\.0\.0\.1:(\d+), SSH on 127\.0\.0\.1:(\d+)/, 60_000);
    return { child, httpPort: Number(match[1]), sshPort: Number(match[2]) };
  }

  it('prints its help and refuses to run without saying who may connect', async () => {
    const help = await runCli(['share-server', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--allow-keys <file>');
    const missing = await runCli(['share-server', '--domain', DOMAIN, '--data-dir', data.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--allow-keys <authorized_keys file> or --token');
    // A keys file that is not there (a typo) would let nobody in: refused before anything listens.
    const keys = join(data.dir, 'authorized_keys');
    const typo = await runCli([
      'share-server',
      '--domain',
      DOMAIN,
      '--data-dir',
      data.dir,
      '--allow-keys',
      keys,
      '--http-port',
      '0',
      '--ssh-port',
      '0',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`Error: --allow-keys ${keys}: ENOENT`);
    expect(typo.stdout).toBe('');
    // A --tls-cert that is not PEM is refused before anything listens, in one line.
    const notPem = join(data.dir, 'cert.pem');
    await writeFile(notPem, 'not a certificate\n');
    const tls = await runCli([
      'share-server',
      '--domain',
      DOMAIN,
      '--data-dir',
      data.dir,
      '--token',
      'cli-token-123',
      '--http-port',
      '0',
      '--ssh-port',
      '0',
      '--tls-cert',
      notPem,
      '--tls-key',
      notPem,
    ]);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(
      new RegExp(`^Error: --tls-cert ${notPem} and --tls-key ${notPem} are not a PEM certificate and its private key \\(.*\\)\\.\\n`),
    );
    expect(tls.stdout).toBe('');
  });

  it('serves a tunnel, and after a restart of the process gives the same key the same URL', async () => {
    const key = newKey();
    const first = await start(0);
    const client = await connectDemo(first.sshPort, key, demo.port, 'cli-token-123');
    await forwardIn(client, '');
    const url = (await execUrl(client)).stdout.trim();
    expect(url).toMatch(new RegExp(`^http://[a-z2-7]{10}\\.share\\.test:${first.httpPort}$`));
    const host = new URL(url).host;
    expect((await visit(first.httpPort, host, '/x')).status).toBe(200);
    client.end();
    expect(await stop(first.child)).toBe(0);

    const second = await start(first.httpPort);
    expect((await visit(second.httpPort, host, '/x')).status).toBe(502);
    const again = await connectDemo(second.sshPort, key, demo.port, 'cli-token-123');
    await forwardIn(again, '');
    expect((await execUrl(again)).stdout.trim()).toBe(url);
    expect((await visit(second.httpPort, host, '/x')).status).toBe(200);
    await closeClient(again);
  });

  it('reads durations', () => {
    expect(parseDuration('72h', '--expiry')).toBe(72 * 3_600_000);
    expect(parseDuration('30m', '--expiry')).toBe(1_800_000);
    expect(() => parseDuration('3 days', '--expiry')).toThrow(/like 90s, 30m, 72h or 7d/);
  });
});
