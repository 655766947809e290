import { AppError } from '../../preload/shared/errors.js';

/**
 * Where a share goes: `ssh://[user@]host[:port]` is a stock OpenSSH sshd (the public URL is the
 * port it forwards on its side); `share://[token@]host[:port]` is demo-desktop's own share server
 * (`demo-desktop share-server`), which gives a name-based URL that the same key keeps;
 * `share+wss://` (`share+ws://`) is the same server over its HTTPS (HTTP) port, for networks that
 * block SSH; `ngrok` is ngrok's service with the user's own authtoken (opt-in).
 */

export type ShareTarget =
  | {
      readonly provider: 'ssh';
      /** The ssh:// (ssh+wss://, ssh+ws://) address the tunnel connects to. */
      readonly target: string;
      readonly server: 'sshd' | 'share-server';
    }
  | { readonly provider: 'ngrok' };

/** A share server's schemes: SSH to its SSH port, or SSH over a WebSocket to its HTTPS (HTTP) port. */
const SHARE_SCHEMES: Readonly<Record<string, string>> = { 'share://': 'ssh://', 'share+wss://': 'ssh+wss://', 'share+ws://': 'ssh+ws://' };

export function parseShareTarget(value: string): ShareTarget {
  const trimmed = value.trim();
  if (trimmed === 'ngrok') return { provider: 'ngrok' };
  if (trimmed.startsWith('ssh://')) return { provider: 'ssh', target: trimmed, server: 'sshd' };
  for (const [scheme, ssh] of Object.entries(SHARE_SCHEMES)) {
    if (trimmed.startsWith(scheme)) return { provider: 'ssh', target: `${ssh}${trimmed.slice(scheme.length)}`, server: 'share-server' };
  }
  throw new AppError(
    'INVALID_INPUT',
    `"${value}" is not a share server address: give ssh://[user@]host[:port] (an OpenSSH server), share://host[:port] ` +
      '(a demo-desktop share-server; docs/share-server.md), share+wss://host[:port] (the same over its HTTPS port, where ' +
      'port 22 is blocked) or ngrok (your own ngrok account).',
  );
}
