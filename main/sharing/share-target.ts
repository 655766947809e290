import { AppError } from '../../preload/shared/errors.js';

/**
 * Where a share goes: `ssh://[user@]host[:port]` is a stock OpenSSH sshd (the public URL is the
 * port it forwards on its side); `share://[token@]host[:port]` is demo-desktop's own share server
 * (`demo-desktop share-server`), which gives a name-based URL that the same key keeps.
 */

export interface ShareTarget {
  /** The ssh:// address the tunnel connects to. */
  readonly target: string;
  readonly server: 'sshd' | 'share-server';
}

export function parseShareTarget(value: string): ShareTarget {
  const trimmed = value.trim();
  if (trimmed.startsWith('ssh://')) return { target: trimmed, server: 'sshd' };
  if (trimmed.startsWith('share://')) return { target: `ssh://${trimmed.slice('share://'.length)}`, server: 'share-server' };
  throw new AppError(
    'INVALID_INPUT',
    `"${value}" is not a share server address: give ssh://[user@]host[:port] (an OpenSSH server) or share://host[:port] ` +
      '(a demo-desktop share-server; docs/share-server.md).',
  );
}
