import { readFileSync } from 'node:fs';
import { appDataDir } from '../common/app-data-dir.js';
import { createShareGate, type ShareGate } from '../server/share/share-gate.js';
import { sshPublicKey } from '../share/ssh-key.js';
import { SshTunnel } from '../share/ssh-tunnel.js';
import { NgrokTunnel } from '../share/ngrok-tunnel.js';
import type { Tunnel, TunnelAccept, TunnelState } from '../share/tunnel.js';
import type { Output } from './output.js';
import type { ServedProject } from './serve-project.js';
import { UsageError } from './cli-error.js';

/**
 * `serve --share <target>`: the served demo behind a share gate (only its public routes, private
 * by default: main/server/share/) reached through an ssh tunnel (main/share/). `ssh://[user@]host[:port]`
 * is a stock OpenSSH sshd (the public URL is the forwarded port on that host); `share://host[:port]`
 * is demo-desktop's own share server (`demo-desktop share-server`), which assigns a name-based URL
 * that the same key keeps across restarts (`share+wss://`: the same over its HTTPS port); `ngrok` is
 * ngrok's service with the user's own authtoken (main/share/ngrok-tunnel.ts, loaded only then).
 * Prints the share link (with its access key) on stdout.
 */

export interface Sharing {
  readonly gate: ShareGate;
  close(): Promise<void>;
}

/** What `--share` names: an ssh tunnel to an sshd or a share server, or ngrok (opt-in, the user's own authtoken). */
export type ShareTarget =
  { readonly provider: 'ssh'; readonly target: string; readonly server: 'sshd' | 'share-server' } | { readonly provider: 'ngrok' };

/** A share server's schemes: SSH to its SSH port, or SSH over a WebSocket to its HTTPS (HTTP) port. */
const SHARE_SCHEMES: Record<string, string> = { 'share://': 'ssh://', 'share+wss://': 'ssh+wss://', 'share+ws://': 'ssh+ws://' };

export function parseShareTarget(value: string): ShareTarget {
  if (value === 'ngrok') return { provider: 'ngrok' };
  if (value.startsWith('ssh://')) return { provider: 'ssh', target: value, server: 'sshd' };
  for (const [scheme, ssh] of Object.entries(SHARE_SCHEMES)) {
    if (value.startsWith(scheme)) return { provider: 'ssh', target: `${ssh}${value.slice(scheme.length)}`, server: 'share-server' };
  }
  throw new UsageError(
    `--share ${value}: give ssh://[user@]host[:port] (an OpenSSH server), share://host[:port] (a demo-desktop share-server), ` +
      `share+wss://host[:port] (the same over its HTTPS port, where port 22 is blocked) or ngrok (your own ngrok account)`,
    'serve',
  );
}

/** `--share-ca <file>`: read before the demo starts, so that a wrong path fails at once. */
export function readShareCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`--share-ca ${file}: ${(error as Error).message}`, 'serve');
  }
}

function describe(state: TunnelState): string | undefined {
  switch (state.kind) {
    case 'reconnecting':
      return `Share: connection lost (${state.reason}); trying again in ${Math.round(state.delayMs / 1000)} s (attempt ${state.attempt}).`;
    case 'online':
      return `Share: online at ${state.publicUrl}.`;
    case 'failed':
      return `Share failed at ${state.step}: ${state.message}`;
    default:
      return undefined;
  }
}

export interface SharingOptions {
  /** PEM CA certificates to trust for a share+wss:// server (`--share-ca`). */
  readonly ca?: Buffer;
  /** `--ngrok-authtoken` (else NGROK_AUTHTOKEN); never printed. */
  readonly ngrokAuthtoken?: string;
}

function createTunnel(share: ShareTarget, accept: TunnelAccept, dataDir: string, options: SharingOptions): Tunnel {
  if (share.provider === 'ngrok') {
    return new NgrokTunnel({ accept, ...(options.ngrokAuthtoken ? { authtoken: options.ngrokAuthtoken } : {}) });
  }
  const { target, server } = share;
  return new SshTunnel({ target, server, dataDir, accept, ...(options.ca ? { ca: options.ca } : {}) });
}

export async function startSharing(
  served: ServedProject,
  value: string,
  io: Output,
  dataDir = appDataDir(),
  options: SharingOptions = {},
): Promise<Sharing> {
  const share = parseShareTarget(value);
  const gate = createShareGate({ server: served.share });
  const accept: TunnelAccept = (stream, info) => gate.accept(stream, info);
  const tunnel = createTunnel(share, accept, dataDir, options);
  let online = false;
  tunnel.events.on('state', (state) => {
    // The first "online" is announced below with the link; later ones are reconnections.
    if (state.kind === 'online' && !online) return;
    const line = describe(state);
    if (line) io.err(line);
  });
  io.err(`Share: connecting to ${value} ...`);
  try {
    const { publicUrl } = await tunnel.open();
    online = true;
    gate.setPublicUrl(publicUrl);
  } catch (error) {
    await tunnel.close();
    await gate.close();
    if (share.provider === 'ssh' && (error as { step?: unknown }).step === 'auth') {
      io.err(`Add this key to the server's authorized_keys (or its --allow-keys file):\n${await sshPublicKey(dataDir)}`);
    }
    throw error;
  }
  io.out(`Share link: ${gate.link ?? ''}`);
  io.err('The link is private: anyone with it can use the demo until it expires (72 h). Keep it to the people you mean.');
  return {
    gate,
    close: async () => {
      await tunnel.close();
      await gate.close();
    },
  };
}
