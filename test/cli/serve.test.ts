import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, tempDir, waitFor, writeModule } from '../runtimes/support.js';
import { connect } from '../server/support/gradio-client.js';
import { spawnCli, waitForLine } from './run-cli.js';

/** Child processes of a pid (Linux `ps`), to check that workers do not outlive the CLI. */
/** The status of GET / at `url` sent with this Host header (as another computer, or a proxy in front, would). */
function statusFor(url: string, host: string): Promise<number | undefined> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).once('error', reject);
  });
}

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

/** Every server a test starts; one that a failed assertion left running is killed after its test. */
const started: ReturnType<typeof spawnCli>[] = [];
function spawnTracked(...args: Parameters<typeof spawnCli>): ReturnType<typeof spawnCli> {
  const child = spawnCli(...args);
  started.push(child);
  return child;
}
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('demo-desktop serve (real child process)', () => {
  it('prints the URL, answers @gradio/client, and shuts down cleanly on Ctrl-C', async () => {
    const child = spawnTracked(['serve', 'examples/greet/project.json', '--port', '0']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, url] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
    const client = await connect(`${url}/`);
    const result = await client.predict('/predict', ['World']);
    expect(result.data).toEqual(['Hello World!']);
    client.close();
    // stderr names the file that holds the per-launch admin token (mode 0600), never the token itself.
    const fileLine = /^Admin API token: in (\S+) \(readable only by you; --print-token prints it\)$/m;
    await waitFor(() => fileLine.test(stderr), 5_000, 'the admin token file line');
    const tokenFile = fileLine.exec(stderr)?.[1] ?? '';
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr).not.toContain(token);
    expect((await fetch(`${url}/api/engine/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${url}/api/engine/metrics`)).status).toBe(401);
    // The owner link it prints signs one browser in as the owner, once.
    const ownerLine = /^Owner link \(Share, the whole history, the dashboard; works once, within a day\): (\S+)$/m;
    const ownerLink = ownerLine.exec(stderr)?.[1] ?? '';
    expect(ownerLink).toMatch(new RegExp(`^${url}/owner\\?token=`));
    const signedIn = await fetch(ownerLink, { redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(await (await fetch(`${url}/api/owner`, { headers: { cookie } })).json()).toEqual({ owner: true });
    expect((await fetch(ownerLink, { redirect: 'manual' })).status).toBe(401);
    const workers = childrenOf(child.pid ?? -1);
    expect(workers.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await waitFor(() => workers.every((pid) => !isAlive(pid)), 5_000, 'workers to exit');
    expect(existsSync(tokenFile)).toBe(false);
  });

  it('prints the admin token with --print-token; explains a port that is taken when it was asked for explicitly', async () => {
    const first = spawnTracked(['serve', 'examples/greet/project.json', '--port', '0', '--print-token']);
    let firstErr = '';
    first.stderr.on('data', (chunk: Buffer) => (firstErr += chunk.toString()));
    const [, port] = (await waitForLine(first, /Running on http:\/\/127\.0\.0\.1:(\d+)\n/)) as unknown as [string, string];
    const tokenLine = /^Admin API token: ([0-9a-f]{64}) \(send it as "Authorization: Bearer <token>"; never share it\)$/m;
    await waitFor(() => tokenLine.test(firstErr), 5_000, 'the admin token line');
    const token = tokenLine.exec(firstErr)?.[1] ?? '';
    const metrics = await fetch(`http://127.0.0.1:${port}/api/engine/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    const second = spawnTracked(['serve', 'examples/greet/project.json', '--port', port]);
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${port}.*(in use|taken)`, 'i'));
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    first.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('shows what a JS function prints in the terminal by default (no DEMO_DESKTOP_LOG)', async () => {
    const dir = await tempDir('serve-print');
    try {
      await writeModule(dir.path, 'fns.js', "export function hi([name]) { console.log('printed for', name); return 'hi ' + name; }");
      const project = {
        version: 1,
        name: 'print',
        functions: { hi: { kind: 'js', module: './fns.js', export: 'hi' } },
        ui: { type: 'interface', fn: 'hi', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
      };
      await writeFile(join(dir.path, 'project.json'), JSON.stringify(project));
      const child = spawnTracked(['serve', join(dir.path, 'project.json'), '--port', '0'], { DEMO_DESKTOP_LOG: undefined });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [, url] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
      const client = await connect(`${url}/`);
      expect((await client.predict('/predict', ['Ada'])).data).toEqual(['hi Ada']);
      client.close();
      await waitFor(() => /\[info\] .*fns\.js: printed for Ada/.test(stderr), 10_000, 'the printed line on stderr');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      await dir.remove();
    }
  });

  it('on --host 0.0.0.0 with --allowed-host, warns that anyone reaching it by that name can use the demo, and answers them', async () => {
    const child = spawnTracked([
      'serve',
      'examples/greet/project.json',
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--allowed-host',
      '192.0.2.1',
      '--no-history',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, url] = (await waitForLine(child, /Running on (http:\/\/\S+)\n/)) as unknown as [string, string];
    // As a proxy in front on port 80 sends it: the name alone, exactly as given.
    expect(await statusFor(url, '192.0.2.1')).toBe(200);
    expect(await statusFor(url, '192.0.2.2')).toBe(403);
    expect(stderr).toContain('Warning: listening on 0.0.0.0: anyone who can reach this machine as 192.0.2.1 can use the demo.');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('on --host 0.0.0.0 prints a URL and an owner link that answer on this computer (not http://0.0.0.0, which the Host guard refuses)', async () => {
    const child = spawnTracked(['serve', 'examples/greet/project.json', '--port', '0', '--host', '0.0.0.0', '--no-history']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, url] = (await waitForLine(child, /Running on (http:\/\/\S+)\n/)) as unknown as [string, string];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/`)).status).toBe(200);
    const ownerLine = /^Owner link \(.*\): (\S+)$/m;
    await waitFor(() => ownerLine.test(stderr), 5_000, 'the owner link');
    const ownerLink = ownerLine.exec(stderr)?.[1] ?? '';
    expect(ownerLink.startsWith(`${url}/owner?token=`)).toBe(true);
    expect((await fetch(ownerLink, { redirect: 'manual' })).status).toBe(303);
    // Another computer (a Host that is not this one's) is refused, and the warning says so and what to do.
    expect(await statusFor(url, `192.0.2.1:${new URL(url).port}`)).toBe(403);
    expect(stderr).toContain(
      'Warning: listening on 0.0.0.0, but only this computer is answered: other computers get 403 until the Host they use (name:port) is given with --allowed-host',
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
