import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in for a Chromium-family browser, as a real executable (a Node script), for the host
 * tests: it records each launch (pid, arguments) in `launches.jsonl`, acts like Chromium's
 * single-instance profile (a launch on a profile whose first process lives hands over and exits
 * 0; a launch is recorded once it holds its profile), exits with `N` when the app URL has `?exit=N` (or FAKE_BROWSER_EXIT=N), and otherwise stays up until SIGTERM, which
 * it takes as Chromium does (exit 0).
 */

const SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
process.on('SIGTERM', () => process.exit(0));
const args = process.argv.slice(2);
const value = (flag) => args.find((a) => a.startsWith(flag + '='))?.slice(flag.length + 1);
const profile = value('--user-data-dir');
const url = new URL(value('--app'));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const singleton = path.join(profile, 'fake-singleton');
fs.mkdirSync(profile, { recursive: true });
let owner = 0;
try { owner = Number(fs.readFileSync(singleton, 'utf8')); } catch {}
const handoff = owner > 0 && alive(owner);
if (!handoff) fs.writeFileSync(singleton, String(process.pid));
fs.appendFileSync(path.join(__dirname, 'launches.jsonl'), JSON.stringify({ pid: process.pid, args, handoff }) + '\\n');
process.stderr.write('fake browser: starting ' + url.href + '\\n');
if (handoff) process.exit(0);
const exit = url.searchParams.get('exit') ?? process.env.FAKE_BROWSER_EXIT;
if (exit) { process.stderr.write('fake browser: giving up\\n'); process.exit(Number(exit)); }
setInterval(() => {}, 1 << 30);
`;

export interface Launch {
  readonly pid: number;
  readonly args: string[];
  readonly handoff: boolean;
}

export interface FakeBrowser {
  readonly path: string;
  launches(): Promise<Launch[]>;
  /** Ends every stand-in process still running (after a test that failed half-way). */
  stopAll(): Promise<void>;
}

export async function writeFakeBrowser(dir: string): Promise<FakeBrowser> {
  const path = join(dir, 'fake-chromium');
  // CommonJS, whatever the surrounding package.json says: the folder is a temp folder.
  await writeFile(join(dir, 'package.json'), '{"type":"commonjs"}');
  await writeFile(path, SCRIPT);
  await chmod(path, 0o755);
  const launches = async (): Promise<Launch[]> =>
    (await readFile(join(dir, 'launches.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Launch);
  const stopAll = async (): Promise<void> => {
    for (const { pid } of await launches()) {
      // Only a process that still runs this script: a pid that ended may belong to another by now.
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (command.includes(path)) process.kill(pid, 'SIGKILL');
    }
  };
  return { path, launches, stopAll };
}
