// `npm run check`: the five type-checks (app, shell, renderer, browser specs, benches), eslint and
// prettier. eslint is the longest step (about two thirds of the CPU, one core); the type-checks and
// prettier run one after another beside it, so on a two-core machine the check takes about as long
// as eslint alone instead of the sum of all seven.
// Each step's output is held and printed whole when it ends, under a header with its command, its
// result and its time, so failures read as if the steps had run one by one. Exit code 1 if any failed.
// Plain JavaScript (not through tsx): it starts before anything is built or type-checked.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));

/** The JS file of a package's command, run with this Node (no shell, no .cmd shims on Windows). */
function bin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8'));
  return path.join(path.dirname(manifest), typeof bins === 'string' ? bins : bins[name]);
}

const lanes = [
  [['eslint', 'eslint', ['.']]],
  [
    ['typescript', 'tsc', ['-p', 'tsconfig.json', '--noEmit']],
    ['typescript', 'tsc', ['-p', 'tsconfig.shell.json', '--noEmit']],
    ['typescript', 'tsc', ['-p', 'renderer/tsconfig.json', '--noEmit']],
    // The browser specs and the benches: neither Playwright nor tsx checks types when it runs them.
    ['typescript', 'tsc', ['-p', 'test/e2e/tsconfig.json', '--noEmit']],
    ['typescript', 'tsc', ['-p', 'bench/tsconfig.json', '--noEmit']],
    ['prettier', 'prettier', ['--check', '.']],
  ],
];

function run([pkg, name, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin(pkg, name), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let done = false;
    const finish = (code, error) => {
      if (done) return;
      done = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const result = code === 0 ? 'ok' : `FAILED (${error ?? `exit ${code}`})`;
      process.stdout.write(`\n── ${name} ${args.join(' ')}: ${result}, ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    };
    child.once('error', (error) => finish(null, error.message));
    child.once('close', (code, signal) => finish(code, signal ?? undefined));
  });
}

async function lane(steps) {
  let ok = true;
  for (const step of steps) ok = (await run(step)) && ok;
  return ok;
}

const results = await Promise.all(lanes.map(lane));
if (results.includes(false)) {
  process.stdout.write('\nnpm run check: FAILED (see the steps marked FAILED above)\n');
  process.exitCode = 1;
}
