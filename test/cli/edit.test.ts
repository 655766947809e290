/** `demo-desktop edit` as a user runs it: a real child process on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';
import { runCli, spawnCli, waitForLine } from './run-cli.js';

describe('demo-desktop edit (real child process)', () => {
  let data: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    data = await tempDir('edit-cli');
  });
  afterAll(() => data.remove());

  it('prints Running on and a one-time editor link, signs in with it, prints a new link on Enter, stops on Ctrl-C', async () => {
    const child = spawnCli(['edit', '--port', '0', '--no-browser', '--data-dir', data.path, '--offline']);
    // One pattern for both lines: they may arrive in one chunk, and waitForLine only sees what comes after it is called.
    const [, origin, link] = (await waitForLine(
      child,
      /Running on (http:\/\/127\.0\.0\.1:\d+)\nEditor: (http:\/\/127\.0\.0\.1:\d+\/editor\?token=[A-Za-z0-9_-]{43})\n/,
    )) as unknown as [string, string, string];
    expect(link.startsWith(`${origin}/editor?token=`)).toBe(true);
    const port = Number(new URL(origin).port);
    const signIn = await raw({ port, path: link.slice(origin.length) });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    const session = await raw({ port, path: '/api/editor/session', headers: { cookie } });
    expect(JSON.parse(session.body)).toMatchObject({ document: { path: null, template: 'greet' } });
    expect((await raw({ port, path: link.slice(origin.length) })).status).toBe(401);
    const next = waitForLine(
      child,
      new RegExp(`Editor: (${origin}/editor\\?token=(?!${new URL(link).searchParams.get('token') ?? ''})[A-Za-z0-9_-]{43})\\n`),
    );
    child.stdin.write('\n');
    const [, fresh] = (await next) as unknown as [string, string];
    expect((await raw({ port, path: fresh.slice(origin.length) })).status).toBe(303);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses a --host that is not loopback, with a clear reason', async () => {
    const result = await runCli(['edit', '--host', '0.0.0.0', '--no-browser', '--data-dir', data.path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--host 0.0.0.0 is refused');
    expect(result.stderr).toContain('this computer only');
  });

  it('lists its options in --help, and says what to do about a file that does not exist', async () => {
    const help = await runCli(['edit', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--template',
      '--port',
      '--host',
      '--no-browser',
      '--data-dir',
      '--offline',
      '--cache-dir',
      '--hub-endpoint',
      '--allow-outside-project',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect((await runCli(['--help'])).stdout).toContain('demo-desktop edit [project.json]');
    const missing = await runCli(['edit', 'no-such-project.json', '--no-browser', '--data-dir', data.path]);
    expect(missing.code).toBe(2); // what the user named is wrong, as for serve, validate and open
    expect(missing.stderr).toContain('demo-desktop edit" without a file');
  });

  it('refuses a --template that is not there, and --template with a file, before anything listens', async () => {
    const typo = await runCli(['edit', '--template', 'gret', '--no-browser', '--port', '0', '--data-dir', data.path]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^Error: --template: No template "gret" \(templates: .*greet.*\)\.\n/);
    expect(typo.stdout).toBe('');
    const both = await runCli([
      'edit',
      'examples/greet/project.json',
      '--template',
      'chat',
      '--no-browser',
      '--port',
      '0',
      '--data-dir',
      data.path,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--template starts a new project, so it goes without a file');
    expect(both.stdout).toBe('');
  });
});
