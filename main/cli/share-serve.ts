import { readFileSync } from 'node:fs';
import { AppError } from '../../preload/shared/errors.js';
import type { ShareState } from '../sharing/share-controller.js';
import { parseShareTarget as parseTarget, type ShareTarget } from '../sharing/share-target.js';
import type { Output } from './output.js';
import type { ServedProject } from './serve-project.js';
import { EXIT, ReportedError, UsageError } from './cli-error.js';

/**
 * `serve --share <target>`: the served demo's share controller (main/sharing/: the share gate,
 * private by default, behind a tunnel), started at launch. `ssh://[user@]host[:port]` is a stock
 * OpenSSH sshd (the public URL is the forwarded port on that host); `share://host[:port]` is
 * demo-desktop's own share server (`demo-desktop share-server`), which assigns a name-based URL
 * that the same key keeps across restarts (`share+wss://`: the same over its HTTPS port); `ngrok`
 * is ngrok's service with the user's own authtoken (main/share/ngrok-tunnel.ts, loaded only then).
 * Prints the share link (with its access key) on stdout.
 */

export interface Sharing {
  close(): Promise<void>;
}

export type { ShareTarget };

export function parseShareTarget(value: string): ShareTarget {
  try {
    return parseTarget(value);
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(`--share ${error.message}`, 'serve');
    throw error;
  }
}

/** `--share-ca <file>`: read before the demo starts, so that a wrong path fails at once. */
export function readShareCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`--share-ca ${file}: ${(error as Error).message}`, 'serve');
  }
}

export interface SharingOptions {
  /** PEM CA certificates to trust for a share+wss:// server (`--share-ca`). */
  readonly ca?: Buffer;
  /** `--ngrok-authtoken` (else NGROK_AUTHTOKEN); never printed. */
  readonly ngrokAuthtoken?: string;
  /** Hours until the link expires; default 72. */
  readonly expiresHours?: number;
}

function describe(state: ShareState): string | undefined {
  switch (state.kind) {
    case 'reconnecting':
      return `Share: connection lost (${state.reason}); trying again in ${Math.round(state.delayMs / 1000)} s (attempt ${state.attempt}).`;
    case 'failed':
      return `Share failed at ${state.step}: ${state.message}`;
    default:
      return undefined;
  }
}

export async function startSharing(served: ServedProject, value: string, io: Output, options: SharingOptions = {}): Promise<Sharing> {
  parseShareTarget(value);
  const controller = served.sharing;
  let online = false;
  const subscription = controller.events.on('state', (state) => {
    // The first "online" is announced below with the link; later ones are reconnections.
    if (state.kind === 'online' && online) io.err('Share: online again, at the same link.');
    const line = describe(state);
    if (line) io.err(line);
  });
  io.err(`Share: connecting to ${value} ...`);
  try {
    const { link } = await controller.start({
      server: value,
      ...(options.expiresHours !== undefined ? { expiresHours: options.expiresHours } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.ngrokAuthtoken ? { ngrokAuthtoken: options.ngrokAuthtoken } : {}),
    });
    online = true;
    io.out(`Share link: ${link}`);
  } catch (error) {
    void subscription.dispose();
    const state = controller.state;
    if (state.kind === 'failed' && state.publicKey !== undefined) {
      io.err(`Add this key to the server's authorized_keys (or its --allow-keys file):\n${state.publicKey}`);
    }
    // "Share failed at <step>: <what to do>" is on stderr already: not a second time as "Error (TUNNEL_FAILED): ...".
    if (state.kind === 'failed') throw new ReportedError(error instanceof Error ? error.message : String(error), EXIT.failure);
    throw error;
  }
  io.err('The link is private: anyone with it can use the demo until it expires (72 h). Keep it to the people you mean.');
  return {
    close: async () => {
      void subscription.dispose();
      await controller.stop();
    },
  };
}
