import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Debian's OpenSSH sshd, started by a test on 127.0.0.1 as the current user with its own config,
 * host key and authorized_keys in `dir`: only public-key auth, remote forwards allowed (bound to
 * loopback: GatewayPorts no). `stop()` kills the listener and its session processes (as a crash or
 * a reboot would: the clients' connections drop); `start()` again comes back on the same port.
 */
export interface Sshd {
  readonly port: number;
  readonly hostKeyFile: string;
  readonly authorizedKeysFile: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function descendants(pid: number): Promise<number[]> {
  const children = await run('pgrep', ['-P', String(pid)]).then(
    ({ stdout }) => stdout.split('\n').filter(Boolean).map(Number),
    () => [] as number[],
  );
  const nested = await Promise.all(children.map(descendants));
  return [...children, ...nested.flat()];
}

export async function makeHostKey(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test host', '-f', file]);
}

export async function createSshd(dir: string, authorizedKeys: string): Promise<Sshd> {
  await mkdir(dir, { recursive: true });
  // sshd run as root insists on its privilege-separation folder.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const hostKeyFile = path.join(dir, 'ssh_host_ed25519_key');
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  const config = path.join(dir, 'sshd_config');
  await makeHostKey(hostKeyFile);
  await writeFile(authorizedKeysFile, authorizedKeys, { mode: 0o600 });
  const lines = [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${hostKeyFile}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeysFile}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'GatewayPorts no',
    'LogLevel VERBOSE',
  ];
  await writeFile(config, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const log: string[] = [];
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const proc = spawn('/usr/sbin/sshd', ['-f', config, '-D', '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      let text = '';
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (chunk: string) => {
        log.push(chunk);
        text += chunk;
        if (text.includes('Server listening on')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`sshd exited (${code}) before listening:\n${log.join('')}`)));
    });
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc?.pid || proc.exitCode !== null) return;
    // Session processes (and their privilege-separated children) hold the clients' sockets.
    for (const pid of await descendants(proc.pid)) process.kill(pid, 'SIGKILL');
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  return { port, hostKeyFile, authorizedKeysFile, start, stop };
}
