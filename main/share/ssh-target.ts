import { AppError } from '../../preload/shared/errors.js';

/** Where an ssh tunnel goes: `ssh://[user@]host[:port]`. */
export interface SshTarget {
  readonly user: string;
  readonly host: string;
  readonly port: number;
  /** `host:port` (`[v6]:port`), the key under which the server's host key is pinned. */
  readonly hostPort: string;
}

/**
 * Parses `ssh://[user@]host[:port]` (port 22 by default, the user `defaultUser` when none is
 * given, as `ssh` itself does). Anything else (another scheme, a path, a password) is an
 * INVALID_INPUT error that echoes the value and shows the expected form.
 */
export function parseSshTarget(value: string, defaultUser: string): SshTarget {
  const fail = (why: string): AppError =>
    new AppError('INVALID_INPUT', `Invalid share target "${value}": ${why}. Expected ssh://[user@]host[:port].`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail('not a URL');
  }
  if (url.protocol !== 'ssh:') throw fail(`the scheme is "${url.protocol.replace(/:$/, '')}", not ssh`);
  if (url.password) throw fail('passwords are not used (the app authenticates with its own key)');
  if (url.pathname !== '' && url.pathname !== '/') throw fail('a path is not allowed');
  if (url.search || url.hash) throw fail('a query or fragment is not allowed');
  if (!url.hostname) throw fail('the host is missing');
  const port = url.port ? Number(url.port) : 22;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const user = url.username ? decodeURIComponent(url.username) : defaultUser;
  return { user, host, port, hostPort: `${host.includes(':') ? `[${host}]` : host}:${port}` };
}
