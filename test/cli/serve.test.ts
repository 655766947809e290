import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../runtimes/support.js';
import { connect } from '../server/support/gradio-client.js';
import { spawnCli, waitForLine } from './run-cli.js';

/** Child processes of a pid (Linux `ps`), to check that workers do not outlive the CLI. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

describe('demo-desktop serve (real child process)', () => {
  it('prints the URL, answers @gradio/client, and shuts down cleanly on Ctrl-C', async () => {
    const child = spawnCli(['serve', 'examples/greet/project.json', '--port', '0']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, url] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
    const client = await connect(`${url}/`);
    const result = await client.predict('/predict', ['World']);
    expect(result.data).toEqual(['Hello World!']);
    client.close();
    // One stderr line carries the per-launch admin token, and it opens the admin routes.
    const tokenLine = /^Admin API token: ([0-9a-f]{64}) \(send it as "Authorization: Bearer <token>"; never share it\)$/m;
    await waitFor(() => tokenLine.test(stderr), 5_000, 'the admin token line');
    const token = tokenLine.exec(stderr)?.[1] ?? '';
    expect((await fetch(`${url}/api/engine/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${url}/api/engine/metrics`)).status).toBe(401);
    const workers = childrenOf(child.pid ?? -1);
    expect(workers.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await waitFor(() => workers.every((pid) => !isAlive(pid)), 5_000, 'workers to exit');
  });

  it('explains a port that is taken when it was asked for explicitly', async () => {
    const first = spawnCli(['serve', 'examples/greet/project.json', '--port', '0']);
    const [, port] = (await waitForLine(first, /Running on http:\/\/127\.0\.0\.1:(\d+)\n/)) as unknown as [string, string];
    const second = spawnCli(['serve', 'examples/greet/project.json', '--port', port]);
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${port}.*(in use|taken)`, 'i'));
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    first.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
