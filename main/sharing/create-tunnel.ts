import type { Duplex } from 'node:stream';
import { NgrokTunnel } from '../share/ngrok-tunnel.js';
import { SshTunnel } from '../share/ssh-tunnel.js';
import type { Tunnel } from '../share/tunnel.js';
import type { ShareTarget } from './share-target.js';

/** What a share's tunnel is made from: the parsed target, where keys live, and how connections reach the gate. */
export interface TunnelFactoryOptions {
  readonly share: ShareTarget;
  /** The app data folder: the ssh key pair and pinned host keys. */
  readonly dataDir: string;
  /** The name a share server gave this demo before (the same URL again). */
  readonly name?: string;
  readonly accept: (stream: Duplex, info: { readonly remoteAddress?: string }) => void;
  /** PEM CA certificates to trust for a share+wss:// server (`--share-ca`). */
  readonly ca?: Buffer;
  /** ngrok's authtoken (`--ngrok-authtoken`, else NGROK_AUTHTOKEN); never logged. */
  readonly ngrokAuthtoken?: string;
}

/** The ssh provider (an sshd or our share server, over TCP or a WebSocket), or ngrok (loaded only then). */
export function createTunnel(options: TunnelFactoryOptions): Tunnel {
  const { share, accept } = options;
  if (share.provider === 'ngrok') {
    return new NgrokTunnel({ accept, ...(options.ngrokAuthtoken ? { authtoken: options.ngrokAuthtoken } : {}) });
  }
  return new SshTunnel({
    target: share.target,
    server: share.server,
    dataDir: options.dataDir,
    accept,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  });
}
