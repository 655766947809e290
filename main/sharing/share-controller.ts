import type { Disposable } from '../common/disposable.js';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import { TypedEvents } from '../common/typed-events.js';
import { AppError, isCancelled, toAppError } from '../../preload/shared/errors.js';
import { createShareGate, type ShareGate } from '../server/share/share-gate.js';
import type { ShareSurface } from '../server/start-server.js';
import { sshPublicKey } from '../share/ssh-key.js';
import { TunnelError, type Tunnel, type TunnelState } from '../share/tunnel.js';
import type { ShareState, ShareStatus } from '../../preload/shared/share/share-api.js';
import { ShareActivity, type ShareActivitySnapshot } from './share-activity.js';
import { DEFAULT_EXPIRY_HOURS, readShareSettings, writeShareSettings, type ShareSettings } from './share-settings.js';
import { createTunnel, type TunnelFactoryOptions } from './create-tunnel.js';
import { parseShareTarget, type ShareTarget } from './share-target.js';

/**
 * One served demo's share: the share gate (private link, expiry, revoke, passcode) behind a
 * tunnel, started and stopped at will. `serve --share` starts it at launch; the owner's Share panel
 * (routes-share.ts) starts, revokes and stops it while the demo runs. One share at a time.
 *
 *   off ──start──► connecting ──► online ◄──► reconnecting
 *                      │             │             │
 *                      ▼             ▼ stop        ▼ (auth, host key)
 *                   failed          off          failed     (start again from failed or off)
 */

export type { ShareState, ShareStatus };

export interface ShareStartOptions {
  /** `ssh://…`, `share://…`, `share+wss://…` or `ngrok` (share-target.ts). */
  readonly server: string;
  /** PEM CA certificates to trust for a share+wss:// server (`--share-ca`). */
  readonly ca?: Buffer;
  /** ngrok's authtoken (`--ngrok-authtoken`, else NGROK_AUTHTOKEN); never logged or remembered. */
  readonly ngrokAuthtoken?: string;
  /** Hours until the link expires; default 72. */
  readonly expiresHours?: number;
  /** Visitors without the key get a passcode page (share-passcode.ts); none by default. */
  readonly passcode?: string | null;
  /** Aborting it stops a share that is still connecting (the promise rejects with CANCELLED). */
  readonly signal?: AbortSignal;
}

export interface ShareControllerEvents extends Record<string, unknown> {
  state: ShareState;
}

export interface ShareControllerOptions {
  /** The running demo's public half (RunningServer.share). */
  readonly surface: ShareSurface;
  /** The app data folder: the ssh key pair, pinned host keys and the remembered settings. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Makes the tunnel; default createTunnel (the ssh provider, or ngrok when the target says so). */
  readonly tunnel?: (options: TunnelFactoryOptions) => Tunnel;
}

export type { TunnelFactoryOptions };

interface Share {
  readonly server: string;
  readonly expiresHours: number;
  readonly passcode: boolean;
  readonly gate: ShareGate;
  readonly tunnel: Tunnel;
  readonly activity: ShareActivity;
  readonly stopper: AbortController;
  readonly subscriptions: Disposable[];
  publicUrl: string | null;
}

const HOUR_MS = 3_600_000;

export class ShareController {
  readonly events = new TypedEvents<ShareControllerEvents>();
  private share: Share | null = null;
  private current: ShareState = { kind: 'off' };
  private lastActivity: ShareActivitySnapshot = new ShareActivity().snapshot();
  private settings: ShareSettings | null = null;
  /** The last start's choices: a failed start's form shows what was tried, not the remembered server. */
  private tried: { readonly server: string; readonly expiresHours: number } | null = null;
  private readonly logger: Logger;

  constructor(private readonly options: ShareControllerOptions) {
    this.logger = (options.logger ?? silentLogger).child('share');
  }

  get state(): ShareState {
    return this.current;
  }

  /** Whether a share is in place (connecting, online or reconnecting). */
  get active(): boolean {
    return this.share !== null;
  }

  get link(): string | null {
    return this.share?.publicUrl ? this.share.gate.link : null;
  }

  async status(): Promise<ShareStatus> {
    const settings = await this.remembered();
    const share = this.share;
    const tried = this.current.kind === 'failed' ? this.tried : null;
    return {
      state: this.current,
      server: share?.server ?? tried?.server ?? settings.server ?? null,
      expiresHours: share?.expiresHours ?? tried?.expiresHours ?? settings.expiresHours ?? DEFAULT_EXPIRY_HOURS,
      link: this.link,
      publicUrl: share?.publicUrl ?? null,
      expiresAt: share ? share.gate.expiresAt : null,
      passcode: share?.passcode ?? false,
      activity: share ? share.activity.snapshot() : this.lastActivity,
    };
  }

  /**
   * Starts sharing and resolves with the link once the tunnel is online. Rejects with a
   * TunnelError naming the failed step (the state is then `failed`), or CANCELLED when stopped or
   * `signal` aborts first (the state is then `off`).
   */
  async start(options: ShareStartOptions): Promise<{ link: string }> {
    // Read first: from the check below to begin() nothing awaits, so two starts cannot both pass it.
    const remembered = await this.remembered();
    if (this.share) throw new AppError('INVALID_INPUT', 'This demo is already being shared: stop that share first.');
    this.tried = { server: options.server.trim(), expiresHours: options.expiresHours ?? DEFAULT_EXPIRY_HOURS };
    let target;
    try {
      target = parseShareTarget(options.server);
    } catch (error) {
      this.setState({ kind: 'failed', step: 'input', message: toAppError(error).message });
      throw error;
    }
    const expiresHours = options.expiresHours ?? DEFAULT_EXPIRY_HOURS;
    const share = this.begin(options, target, expiresHours, remembered.names?.[options.server]);
    const onAbort = (): void => share.stopper.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    try {
      const { publicUrl } = await share.tunnel.open(share.stopper.signal);
      share.gate.setPublicUrl(publicUrl);
      share.publicUrl = publicUrl;
      const named = target.provider === 'ssh' && target.server === 'share-server';
      await this.remember(options.server, expiresHours, named ? publicUrl : null);
      if (this.current.kind === 'connecting') this.setState({ kind: 'online' });
      return { link: share.gate.link ?? publicUrl };
    } catch (error) {
      await this.end(share);
      const cancelled = isCancelled(error) || share.stopper.signal.aborted;
      // A newer share (started after a stop) owns the state now.
      if (!this.active) {
        if (cancelled) this.setState({ kind: 'off' });
        else await this.failWith(error);
      }
      throw cancelled ? toAppError(error) : error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A new access key (old links and cookies stop at once), with a fresh lifetime; returns the new link. */
  revoke(): string | null {
    const share = this.share;
    if (!share) return null;
    share.gate.revoke(share.expiresHours * HOUR_MS);
    return this.link;
  }

  /** Ends the share (a connecting one too); the demo itself keeps running. */
  async stop(): Promise<void> {
    const share = this.share;
    if (!share) {
      if (this.current.kind === 'failed') this.setState({ kind: 'off' });
      return;
    }
    share.stopper.abort();
    await this.end(share);
    this.setState({ kind: 'off' });
  }

  private begin(options: ShareStartOptions, target: ShareTarget, expiresHours: number, name?: string): Share {
    const gate = createShareGate({
      server: this.options.surface,
      lifetimeMs: expiresHours * HOUR_MS,
      passcode: options.passcode ?? null,
    });
    const activity = new ShareActivity();
    const factory = this.options.tunnel ?? createTunnel;
    const tunnel = factory({
      share: target,
      dataDir: this.options.dataDir,
      ...(name !== undefined ? { name } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.ngrokAuthtoken ? { ngrokAuthtoken: options.ngrokAuthtoken } : {}),
      accept: (stream, info) => gate.accept(stream, info),
    });
    const share: Share = {
      server: options.server.trim(),
      expiresHours,
      passcode: Boolean(options.passcode),
      gate,
      tunnel,
      activity,
      stopper: new AbortController(),
      subscriptions: [],
      publicUrl: null,
    };
    share.subscriptions.push(
      gate.events.on('request', (event) => activity.record(event)),
      tunnel.events.on('state', (state) => this.onTunnelState(share, state)),
    );
    this.share = share;
    this.setState({ kind: 'connecting' });
    return share;
  }

  private onTunnelState(share: Share, state: TunnelState): void {
    if (this.share !== share) return;
    switch (state.kind) {
      case 'online':
        // The first online is reported by start() once the gate knows the public URL.
        if (share.publicUrl !== null) this.setState({ kind: 'online' });
        return;
      case 'reconnecting':
        this.setState({ kind: 'reconnecting', attempt: state.attempt, delayMs: state.delayMs, reason: state.reason });
        return;
      case 'failed':
        // After being online: a reconnect that retrying cannot fix (auth, host key). Before: start() reports it.
        if (share.publicUrl !== null) {
          void this.end(share).then(() => (!this.active ? this.failWith(new TunnelError(state.step, state.message)) : undefined));
        }
        return;
      default:
        return;
    }
  }

  private async failWith(error: unknown): Promise<void> {
    const step = error instanceof TunnelError ? error.step : 'connect';
    const message = toAppError(error).message;
    // The app's key is what an ssh server wants added; ngrok's auth is the user's authtoken instead.
    const ssh = this.tried !== null && !this.tried.server.startsWith('ngrok');
    const publicKey = step === 'auth' && ssh ? await sshPublicKey(this.options.dataDir).catch(() => undefined) : undefined;
    this.logger.warn('share failed', { step, message });
    this.setState({ kind: 'failed', step, message, ...(publicKey !== undefined ? { publicKey } : {}) });
  }

  /** Closes the tunnel and the gate of `share`; keeps its activity for the panel. */
  private async end(share: Share): Promise<void> {
    if (this.share === share) this.share = null;
    this.lastActivity = share.activity.snapshot();
    for (const subscription of share.subscriptions) void subscription.dispose();
    await share.tunnel.close();
    await share.gate.close();
  }

  private setState(state: ShareState): void {
    this.current = state;
    this.events.emit('state', state);
  }

  private async remembered(): Promise<ShareSettings> {
    this.settings ??= await readShareSettings(this.options.dataDir);
    return this.settings;
  }

  /** Remembers the server, the expiry and (share server) the name it gave, so the next share is one click and the same URL. */
  private async remember(server: string, expiresHours: number, publicUrl: string | null): Promise<void> {
    const previous = await this.remembered();
    const names = { ...previous.names };
    if (publicUrl !== null) names[server] = new URL(publicUrl).hostname.split('.')[0] ?? '';
    const next: ShareSettings = { server, expiresHours, ...(Object.keys(names).length > 0 ? { names } : {}) };
    this.settings = next;
    await writeShareSettings(this.options.dataDir, next).catch((error: unknown) =>
      this.logger.warn('could not remember the share settings', { error: toAppError(error).message }),
    );
  }
}
