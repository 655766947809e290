import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../runtimes/support.js';
import { runCli } from './run-cli.js';

/** Errors from the operating system on what the user gave (a path, a host): one line naming it and why, exit 1, no stack. */
describe('a --data-dir that is a file', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let file: string;
  beforeAll(async () => {
    dir = await tempDir('cli-system-errors');
    file = join(dir.path, 'not-a-folder');
    await writeFile(file, 'x');
  });
  afterAll(async () => dir.remove());

  it.each([
    ['serve', ['serve', 'examples/greet/project.json', '--port', '0', '--data-dir']],
    ['the home screen', ['--no-browser', '--port', '0', '--data-dir']],
    [
      'share-server',
      ['share-server', '--domain', 'share.test', '--token', 'cli-token-123', '--http-port', '0', '--ssh-port', '0', '--data-dir'],
    ],
  ])('%s says which path and why, and exits 1', async (_name, args) => {
    const result = await runCli([...args, file], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Error: Cannot mkdir ${file}: a file is already there (EEXIST). Check that path`);
    expect(result.stderr).not.toMatch(/Unexpected error|\n\s+at /);
    expect(result.stdout).not.toContain('Running on');
  });

  it('a path through a file says so', async () => {
    const result = await runCli(['serve', 'examples/greet/project.json', '--port', '0', '--data-dir', join(file, 'sub')]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Cannot mkdir ${join(file, 'sub')}: a part of the path is a file, not a folder (ENOTDIR)`);
  });
});

describe('a --host this computer cannot listen on', () => {
  it('an address that is not its own, and a name that does not resolve: one line each, exit 1', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this computer; .invalid never resolves (RFC 2606).
    const foreign = await runCli(['serve', 'examples/greet/project.json', '--no-history', '--port', '0', '--host', '192.0.2.1']);
    expect(foreign.code, foreign.stderr).toBe(1);
    expect(foreign.stderr).toContain(
      'Error: Cannot listen on 192.0.2.1: not an address of this computer: give --host one of its addresses',
    );
    const unknown = await runCli(['serve', 'examples/greet/project.json', '--no-history', '--port', '0', '--host', 'nowhere.invalid']);
    expect(unknown.code, unknown.stderr).toBe(1);
    expect(unknown.stderr).toMatch(/Error: Cannot find the address of "nowhere\.invalid" \(E[A-Z_]+\): check --host/);
    for (const result of [foreign, unknown]) expect(result.stderr).not.toMatch(/Unexpected error|\n\s+at /);
  });

  it('a share-server port that is taken: one line, exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const data = await tempDir('cli-share-port');
    try {
      const args = [
        'share-server',
        '--domain',
        'share.test',
        '--token',
        'cli-token-123',
        '--ssh-port',
        '0',
        '--http-port',
        String(port),
        '--data-dir',
        data.path,
      ];
      const result = await runCli(args);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(
        `Error: Cannot listen on 127.0.0.1:${port}: the port is taken: choose another port (0 picks a free one) (EADDRINUSE).`,
      );
      expect(result.stderr).not.toMatch(/Unexpected error|\n\s+at /);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await data.remove();
    }
  });
});
