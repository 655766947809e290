import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/sshd.js';

/** The shipped site configuration (docs/deployment.md): the test runs this file, not a copy. */
export const SHIPPED_SITE = path.join(import.meta.dirname, '..', '..', 'deploy', 'nginx', 'demo-desktop.conf');

/**
 * Debian's nginx in front of fronts on 127.0.0.1, with the shipped site file: its `upstream`
 * servers replaced by `upstreams` (ports on 127.0.0.1) and its `listen` by a free port; every
 * other directive (buffering, timeouts, headers, retries) as shipped. Runs in the foreground
 * (`daemon off`) in a folder of its own; `stop()` ends it and removes the folder.
 */
export interface Nginx {
  readonly port: number;
  readonly url: string;
  /** The server_name of the shipped file: the Host the fronts must accept (`--allowed-host`). */
  readonly serverName: string;
  stop(): Promise<void>;
}

/** The shipped site with this test's addresses: throws if the file no longer has the lines it rewrites. */
export function siteFor(site: string, listenPort: number, upstreams: readonly number[]): { config: string; serverName: string } {
  const servers = /^(\s*)server 10\.0\.0\.\d+:7860 (.*);\n/gm;
  if (!servers.test(site) || !/^\s*listen 80;$/m.test(site))
    throw new Error(`${SHIPPED_SITE}: no "server 10.0.0.x:7860 ..." or "listen 80;" line to rewrite`);
  const serverName = /^\s*server_name (\S+);$/m.exec(site)?.[1];
  if (!serverName) throw new Error(`${SHIPPED_SITE}: no server_name line`);
  let first = true;
  const config = site
    .replace(servers, (_line, indent: string, options: string) => {
      if (!first) return '';
      first = false;
      return upstreams.map((port) => `${indent}server 127.0.0.1:${port} ${options};\n`).join('');
    })
    .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${listenPort};`);
  return { config, serverName };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `listenPort`: the port to listen on (default a free one), for fronts that must know it first (`--allowed-host`). */
export async function startNginx(upstreams: readonly number[], listenPort?: number): Promise<Nginx> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dd-nginx-'));
  const port = listenPort ?? (await freePort());
  const { config: site, serverName } = siteFor(await readFile(SHIPPED_SITE, 'utf8'), port, upstreams);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(dir, sub));
  await writeFile(path.join(dir, 'site.conf'), site);
  // Run as the test's own user: as root, nginx would switch its workers to `nobody`, who cannot
  // read this folder (mkdtemp is 0700).
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  await writeFile(
    path.join(dir, 'nginx.conf'),
    `${user}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr warn;\nevents { worker_connections 1024; }\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n` +
      `  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n  include ${dir}/site.conf;\n}\n`,
  );
  const log: string[] = [];
  const proc: ChildProcess = spawn('/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
  const orphan = (): void => void proc.kill('SIGKILL');
  process.once('exit', orphan);
  proc.once('exit', () => process.off('exit', orphan));
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`nginx exited (${String(code)}): ${log.join('').slice(-2000)}`))),
  );
  exited.catch(() => undefined);
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Bounded, so an nginx that never listens fails the test with its log instead of hanging it.
  for (let tries = 0; tries < 600; tries++) {
    if (await Promise.race([accepts(port), exited])) return { port, url: `http://127.0.0.1:${port}`, serverName, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`nginx did not listen on ${port}: ${log.join('').slice(-2000)}`);
}
