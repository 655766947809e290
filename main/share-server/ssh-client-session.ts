import type { Duplex } from 'node:stream';
import type { Connection, ServerChannel, Session, TcpipBindInfo } from 'ssh2';
import type { Logger } from '../common/logger.js';
import type { TypedEvents } from '../common/typed-events.js';
import type { ShareServerEvents } from './events.js';
import { newName, requestedName } from './name-rules.js';
import type { ClaimResult, NameStore } from './names.js';
import { Tunnel, type TunnelLimits, type TunnelRegistry } from './tunnels.js';

export interface SshSessionDeps {
  readonly domain: string;
  readonly names: NameStore;
  readonly tunnels: TunnelRegistry;
  readonly limits: TunnelLimits;
  readonly urlOf: (name: string) => string;
  readonly logger: Logger;
  readonly events: TypedEvents<ShareServerEvents>;
}

/** Forwards one SSH connection may hold at once. */
const MAX_FORWARDS = 8;

/** ssh2 passes no accept function when the client wants no reply, whatever its types say. */
function acceptIfAsked(accept: unknown): void {
  if (typeof accept === 'function') (accept as () => void)();
}

interface Forward {
  readonly tunnel: Tunnel;
  readonly bindAddr: string;
  readonly bindPort: number;
}

/**
 * One signed-in SSH client: its `tcpip-forward` requests become tunnels on names it owns, its
 * session command `url` prints their public URLs, and when it goes away its tunnels go offline.
 */
export class SshClientSession {
  private readonly forwards: Forward[] = [];

  constructor(
    private readonly client: Connection,
    readonly owner: string,
    private readonly deps: SshSessionDeps,
  ) {
    client.on('request', (accept, reject, name, info) => {
      if (name === 'tcpip-forward') this.forward(info, accept, reject);
      else this.cancel(info, accept, reject);
    });
    client.on('session', (accept) => this.session(accept()));
  }

  /** The client went away: its tunnels go offline (names stay owned, and their idle time starts). */
  closed(): void {
    for (const forward of this.forwards.splice(0)) this.drop(forward.tunnel);
  }

  /**
   * Public URLs of this connection's live tunnels, oldest first; on a connection without tunnels
   * (`ssh host url` beside `ssh -N -R ...`), those of every live tunnel of the same key.
   */
  urls(): string[] {
    const { tunnels, names, urlOf } = this.deps;
    const own = this.forwards.filter((forward) => tunnels.get(forward.tunnel.name) === forward.tunnel).map((f) => f.tunnel.name);
    const live = own.length > 0 ? own : names.namesOf(this.owner).filter((name) => tunnels.get(name)?.owner === this.owner);
    return live.map(urlOf);
  }

  private forward(info: TcpipBindInfo, accept: ((port?: number) => void) | undefined, reject: (() => void) | undefined): void {
    const { tunnels, logger } = this.deps;
    const placed = this.place(info.bindAddr);
    if ('refused' in placed) {
      logger.warn(`forward refused: ${placed.refused}`, { owner: this.owner, bindAddr: info.bindAddr, ...placed.fields });
      reject?.();
      return;
    }
    const { name, claim } = placed;
    const bindPort = info.bindPort === 0 ? 80 : info.bindPort;
    const tunnel = new Tunnel(name, this.owner, this.opener(info.bindAddr, bindPort), this.deps.limits);
    if (tunnels.add(tunnel)) logger.info('tunnel replaced by a newer connection of the same key', { name });
    this.forwards.push({ tunnel, bindAddr: info.bindAddr, bindPort });
    logger.info('tunnel online', { name, owner: this.owner, claim, url: this.deps.urlOf(name) });
    accept?.(bindPort);
    this.deps.events.emit('tunnel', { name, state: 'online' });
  }

  /** The name a forward request gets (claimed for this key), or why it gets none. */
  private place(bindAddr: string): { name: string; claim: ClaimResult } | { refused: string; fields?: Record<string, unknown> } {
    const { names } = this.deps;
    if (this.forwards.length >= MAX_FORWARDS) return { refused: `this connection already holds ${MAX_FORWARDS} names` };
    const wanted = requestedName(bindAddr, this.deps.domain);
    if (wanted.kind === 'invalid') return { refused: wanted.reason };
    const name = wanted.kind === 'name' ? wanted.name : this.anyName();
    const claim = names.claim(name, this.owner);
    if (claim === 'taken') return { refused: `the name "${name}" belongs to another key`, fields: { name, ownedBy: names.ownerOf(name) } };
    return { name, claim };
  }

  /** For "any name": a name this key owns that no tunnel holds now (the same URL as last time), else a new one. */
  private anyName(): string {
    const { names, tunnels } = this.deps;
    const owned = names.namesOf(this.owner).find((name) => !tunnels.get(name));
    if (owned) return owned;
    let name = newName();
    while (names.has(name)) name = newName();
    return name;
  }

  private cancel(info: TcpipBindInfo, accept: (() => void) | undefined, reject: (() => void) | undefined): void {
    const at = this.forwards.findIndex((f) => f.bindAddr === info.bindAddr && (f.bindPort === info.bindPort || info.bindPort === 0));
    const [forward] = at >= 0 ? this.forwards.splice(at, 1) : [];
    if (!forward) return reject?.();
    this.drop(forward.tunnel);
    accept?.();
  }

  private drop(tunnel: Tunnel): void {
    if (!this.deps.tunnels.remove(tunnel)) return;
    this.deps.names.touch(tunnel.name);
    this.deps.logger.info('tunnel offline', { name: tunnel.name });
    this.deps.events.emit('tunnel', { name: tunnel.name, state: 'offline' });
  }

  /** Channels to the client are addressed with the bind address and port it asked for, as OpenSSH matches them. */
  private opener(bindAddr: string, bindPort: number): (remote: { address: string; port: number }) => Promise<Duplex> {
    return (remote) =>
      new Promise((resolve, reject) => {
        try {
          this.client.forwardOut(bindAddr, bindPort, remote.address, remote.port, (error, channel) =>
            error ? reject(error) : resolve(channel),
          );
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
  }

  private session(session: Session): void {
    session.on('pty', (accept) => acceptIfAsked(accept));
    session.on('env', (accept) => acceptIfAsked(accept));
    session.on('exec', (accept, reject, info) => {
      if (info.command.trim() !== 'url') {
        reject();
        return;
      }
      this.answerUrl(accept());
    });
    // `ssh -R 80:localhost:7860 host` without -N opens a shell: say where the demo is and hold the line.
    session.on('shell', (accept) => {
      const channel = accept();
      const urls = this.urls();
      channel.write(
        urls.length > 0
          ? `Your demo is public at:\r\n${urls.map((u) => `  ${u}\r\n`).join('')}`
          : 'No tunnel yet: ask for one with -R 80:localhost:<port>.\r\n',
      );
      channel.write('Press Ctrl-C to stop sharing.\r\n');
      channel.on('data', (data: Buffer) => {
        if (data.includes(3) || data.includes(4)) this.client.end();
      });
    });
  }

  private answerUrl(channel: ServerChannel): void {
    const urls = this.urls();
    if (urls.length === 0) {
      channel.stderr.write('no tunnel of this key is online: send tcpip-forward first (ssh -R 80:localhost:<port>)\n');
      channel.exit(1);
    } else {
      channel.write(`${urls.join('\n')}\n`);
      channel.exit(0);
    }
    channel.end();
  }
}
