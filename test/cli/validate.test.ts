import { mkdir, writeFile } from 'node:fs/promises';
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
    await writeFile(bad, '{\n  "version": 1,\n  "name": Greet\n}');
    const syntax = await runCli(['validate', bad]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(
      /\$: not valid JSON at line 3, column 11: expected a value .*found 'Greet': text values and property names go in double quotes/,
    );
    const empty = join(dir.path, 'empty.json');
    await writeFile(empty, '');
    const nothing = await runCli(['validate', empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/\$: the file is empty/);
    const missing = await runCli(['validate', join(dir.path, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No such file: .*nope\.json\. Check the path/);
    // Every command that takes a project says the same, with the same exit status 2.
    const nope = join(dir.path, 'nope.json');
    for (const args of [
      ['serve', nope, '--no-history'],
      ['open', nope, '--no-browser', '--no-history', '--data-dir', dir.path],
      ['tune', nope, '--no-history'],
    ]) {
      const result = await runCli(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/No such file: .*nope\.json\. Check the path/);
    }
  });

  it("reports the schema error and the reference error of the issue's example in one run", async () => {
    const both = join(dir.path, 'both.json');
    await writeFile(
      both,
      JSON.stringify({
        version: 1,
        name: 'both',
        functions: { greet: { kind: 'js', module: './greet.js' } },
        ui: {
          type: 'blocks',
          children: [{ type: 'button', id: 'go' }],
          events: [{ trigger: 'go.click', fn: 'missing' }],
        },
        queue: { maxSize: 'ten' },
      }),
    );
    await writeFile(join(dir.path, 'greet.js'), 'export default (name) => name;\n');
    const result = await runCli(['validate', both]);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('  $'));
    expect(lines).toEqual([
      expect.stringMatching(/^ {2}\$\.queue\.maxSize: .*expected number.*\(got "ten"\)$/),
      '  $.ui.events[0].fn: unknown function; expected one of "greet" (got "missing")',
    ]);
  });

  it('refuses a project nested too deep with its JSON path and exit 2 (validate and serve), never a stack trace', async () => {
    let node: unknown = { type: 'textbox', id: 't' };
    for (let i = 0; i < 700; i++) node = { type: 'row', children: [node] };
    const rows = join(dir.path, 'rows.json');
    await writeFile(rows, JSON.stringify({ version: 1, name: 'rows', functions: {}, ui: { type: 'blocks', children: [node] } }));
    const value = join(dir.path, 'value.json');
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    await writeFile(
      value,
      `{"version":1,"name":"value","functions":{},"ui":{"type":"blocks","children":[{"type":"json","value":${deep}}]}}`,
    );
    for (const [file, path] of [
      [rows, '$.ui.children[0].children[0]'],
      [value, '$.ui.children[0].value[0]'],
    ] as const) {
      for (const command of ['validate', 'serve']) {
        const result = await runCli(command === 'validate' ? ['validate', file] : ['serve', file, '--port', '0']);
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toContain(path);
        expect(result.stderr).toContain('more than 256 levels of arrays and objects (the limit');
        expect(result.stderr).not.toMatch(/RangeError|Unexpected error|\n\s+at /);
      }
    }
  });

  it('refuses a module outside the project folder unless --allow-outside-project is given', async () => {
    const inner = join(dir.path, 'inner');
    await mkdir(inner, { recursive: true });
    const file = join(inner, 'project.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        name: 'outside',
        functions: { greet: { kind: 'js', module: '../greet.js' } },
        ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
      }),
    );
    await writeFile(join(dir.path, 'greet.js'), 'export default (name) => name;\n');
    const refused = await runCli(['validate', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /\$\.functions\.greet\.module: leaves the project folder .*--allow-outside-project \(got "\.\.\/greet\.js"\)/,
    );
    const allowed = await runCli(['validate', '--allow-outside-project', file]);
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  it('has --help on every command, --version, and clear usage errors', async () => {
    const root = await runCli(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/demo-desktop open <project.json>/);
    for (const command of ['open', 'serve', 'validate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: demo-desktop ${command} <project.json>`);
      expect(help.stdout).toContain('--allow-outside-project');
      if (command !== 'validate') expect(help.stdout).toContain('--print-token');
    }
    const both = await runCli(['open', 'examples/greet/project.json', '--browser', '--no-browser']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Error: --browser (open a tab) and --no-browser (open nothing, print the URL) contradict each other');
    const topic = await runCli(['help', 'serve']);
    expect(topic.code).toBe(0);
    expect(topic.stdout).toContain('Usage: demo-desktop serve <project.json>');
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
    expect(option.stderr).toBe('Error: unknown option --bogus\nRun "demo-desktop validate --help" for usage.\n');
  });

  it('suggests the command or option a typo meant, from what the command itself accepts', async () => {
    const command = await runCli(['serv', 'examples/greet/project.json']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^Error: unknown command "serv" \(did you mean "serve"\?\); the commands: open, serve,/);
    const file = await runCli(['examples/greet/project.json']);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(
      /^Error: "examples\/greet\/project\.json" is not a command: to run a project, demo-desktop open examples\/greet\/project\.json \(or serve, validate, edit\)\n/,
    );
    const cases: [string[], string, string][] = [
      [['serve', 'examples/greet/project.json', '--prot', '0'], '--prot (did you mean --port?)', 'serve'],
      [['open', 'examples/greet/project.json', '--no-brower'], '--no-brower (did you mean --no-browser?)', 'open'],
      [['tune', 'examples/greet/project.json', '--max-wiat', '3s'], '--max-wiat (did you mean --max-wait?)', 'tune'],
      [
        ['validate', 'examples/greet/project.json', '--allow-outside'],
        '--allow-outside (did you mean --allow-outside-project?)',
        'validate',
      ],
      [['--no-brwser'], '--no-brwser (did you mean --no-browser?)', ''],
    ];
    for (const [args, message, which] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toBe(`Error: unknown option ${message}\nRun "demo-desktop ${which ? `${which} ` : ''}--help" for usage.\n`);
    }
  });

  it('says in one line what an option without its value needs, and how to write a value with a dash', async () => {
    for (const args of [
      ['serve', 'examples/greet/project.json', '--port', '-1'],
      ['serve', 'examples/greet/project.json', '--port', '--offline'],
      ['serve', 'examples/greet/project.json', '--port'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(
        'Error: --port needs a value (--port <value>); a value that starts with a dash is written --port=<value>\n' +
          'Run "demo-desktop serve --help" for usage.\n',
      );
    }
    // Written that way, the value reaches the option's own check.
    const written = await runCli(['serve', 'examples/greet/project.json', '--port=-1']);
    expect(written.code).toBe(2);
    expect(written.stderr).toMatch(/^Error: --port must be a number from 0 to 65535 \(got "-1"\)/);
  });
});
