import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../runtimes/support.js';
import { runCli } from './run-cli.js';

describe('demo-desktop validate / --help / --version (real child processes)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('cli');
  });
  afterAll(async () => dir.remove());

  it('accepts every example with exit 0', async () => {
    for (const name of ['sentiment', 'greet', 'two-models']) {
      const result = await runCli(['validate', `examples/${name}/project.json`]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/is valid: .* event\(s\)/);
    }
  });

  it('lists every problem with its JSON path and exits 2', async () => {
    const broken = join(dir.path, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        version: 1,
        name: 'broken',
        functions: { f: { kind: 'model', model: 'missing' } },
        ui: {
          type: 'blocks',
          children: [
            { type: 'textbox', id: 't' },
            { type: 'sliderr', id: 's' },
          ],
          events: [{ trigger: 't.submit', fn: 'f', inputs: ['t'], outputs: ['t'], concurrency_limit: 2 }],
        },
      }),
    );
    const result = await runCli(['validate', broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('$.ui.children[1]');
    expect(result.stderr).toContain('"sliderr"');
    expect(result.stderr).toMatch(/\$\.ui\.events\[0\].*"concurrency_limit".*did you mean "concurrencyLimit"/);
  });

  it('reports a missing model reference and bad JSON with exit 2', async () => {
    const refs = join(dir.path, 'refs.json');
    await writeFile(
      refs,
      JSON.stringify({
        version: 1,
        name: 'refs',
        functions: { f: { kind: 'model', model: 'missing' } },
        ui: { type: 'interface', fn: 'f', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
      }),
    );
    const result = await runCli(['validate', refs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\$\.functions\.f\.model.*missing/);
    const bad = join(dir.path, 'bad.json');
    await writeFile(bad, '{ "version": 1,');
    const syntax = await runCli(['validate', bad]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/not valid JSON/);
    const missing = await runCli(['validate', join(dir.path, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.json/);
  });

  it('has --help on every command, --version, and clear usage errors', async () => {
    const root = await runCli(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/demo-desktop open <project.json>/);
    for (const command of ['open', 'serve', 'validate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: demo-desktop ${command} <project.json>`);
    }
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const port = await runCli(['serve', 'examples/greet/project.json', '--port', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a number.*"abc"[\s\S]*demo-desktop serve --help/);
    const option = await runCli(['validate', '--bogus']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/bogus/);
  });
});
