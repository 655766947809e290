import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { ShownIn, WindowHost, WindowRequest } from '../desk/window-host.js';
import { appWindowArgs, sandboxUnsupported, type WindowSize } from './app-window-args.js';
import type { FoundBrowser } from './find-browser.js';
import { claimProfile, type ProfileClaim } from './profile-lock.js';
import { displayProblem } from './window-choice.js';

/**
 * WindowHost of app-mode browser windows (no Electron): each window key gets a browser process of
 * its own (own profile folder), so that process exiting is the window closing. A second show() of
 * an open key starts the browser again on the same profile: it hands the URL to the running
 * process, which opens (and raises) a window for it, and exits; the key counts as closed when the
 * first process exits, i.e. when its last window is gone. (The browser takes its profile lock a
 * moment after it starts; a second show() within that moment would start a second browser that
 * takes the lock first, and the first would hand over and exit: a second show comes from a later
 * click, never the same instant.)
 */

export interface AppWindowHostOptions {
  readonly browser: FoundBrowser;
  /** Where the profile folders live: `<dataDir>/app-windows`. */
  readonly profilesDir: string;
  readonly size?: WindowSize;
  /** Default: only when running as root on Linux (app-window-args.ts). */
  readonly noSandbox?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** How long close() waits after SIGTERM before SIGKILL. */
  readonly closeGraceMs?: number;
}

/** How a window's browser process ended. */
export interface WindowExit {
  readonly key: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of the browser's stderr, to explain a failure. */
  readonly stderrTail: string;
  /** True when close() ended it, not the user. */
  readonly byHost: boolean;
}

interface OpenWindow {
  readonly child: ChildProcess;
  readonly claim: ProfileClaim;
  readonly exited: Promise<void>;
  byHost: boolean;
}

const STDERR_TAIL = 4_000;

export class AppWindowHost implements WindowHost {
  readonly kind = 'app-window' as const;
  readonly #windows = new Map<string, OpenWindow>();
  readonly #closed = new Set<(key: string) => void>();
  readonly #exits = new Set<(exit: WindowExit) => void>();

  constructor(private readonly options: AppWindowHostOptions) {}

  get browser(): FoundBrowser {
    return this.options.browser;
  }

  /** The keys whose windows are open. */
  openKeys(): string[] {
    return [...this.#windows.keys()];
  }

  async show(request: WindowRequest, signal?: AbortSignal): Promise<ShownIn> {
    signal?.throwIfAborted();
    const noDisplay = displayProblem(process.platform, this.options.env ?? process.env);
    if (noDisplay) throw new AppError('UNSUPPORTED', `No app window: ${noDisplay}.`);
    const open = this.#windows.get(request.key);
    if (open) {
      const handoff = await this.#launch(request.url, open.claim.dir);
      handoff.stderr?.resume();
      handoff.once('exit', (code) => {
        if (code !== 0) this.options.logger?.warn('the browser did not take the window over', { key: request.key, code });
      });
      return 'app-window';
    }
    const claim = await claimProfile(this.options.profilesDir, request.key);
    let child: ChildProcess;
    try {
      child = await this.#launch(request.url, claim.dir);
      await claim.recordBrowser(child.pid ?? 0);
    } catch (error) {
      await claim.release();
      throw error;
    }
    this.#track(request.key, child, claim);
    return 'app-window';
  }

  onClosed(listener: (key: string) => void): () => void {
    this.#closed.add(listener);
    return () => this.#closed.delete(listener);
  }

  /** Every exit of a window's browser process, with its code: to tell a crash from a close. */
  onExit(listener: (exit: WindowExit) => void): () => void {
    this.#exits.add(listener);
    return () => this.#exits.delete(listener);
  }

  /** Ends the browser processes this host started (SIGTERM, then SIGKILL after a grace). */
  async close(): Promise<void> {
    await Promise.all([...this.#windows.values()].map((window) => this.#end(window)));
  }

  async #end(window: OpenWindow): Promise<void> {
    window.byHost = true;
    window.child.kill('SIGTERM');
    const grace = setTimeout(() => window.child.kill('SIGKILL'), this.options.closeGraceMs ?? 5_000);
    await window.exited;
    clearTimeout(grace);
  }

  async #launch(url: string, profileDir: string): Promise<ChildProcess> {
    const { browser } = this.options;
    const args = appWindowArgs({
      url,
      profileDir,
      ...(this.options.size ? { size: this.options.size } : {}),
      noSandbox: this.options.noSandbox ?? sandboxUnsupported(),
    });
    const child = spawn(browser.path, args, { stdio: ['ignore', 'ignore', 'pipe'], env: this.options.env ?? process.env });
    try {
      await once(child, 'spawn');
    } catch (error) {
      throw new AppError('UNSUPPORTED', `Could not start ${browser.name} (${browser.path}): ${(error as Error).message}`, { cause: error });
    }
    return child;
  }

  #track(key: string, child: ChildProcess, claim: ProfileClaim): void {
    let stderrTail = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL)));
    // 'exit', not 'close': the browser's helpers (crash handler, zygote) may hold its stderr open longer.
    const exited = once(child, 'exit').then(async ([code, signal]) => {
      child.stderr?.destroy();
      this.#windows.delete(key);
      await claim.release();
      const exit: WindowExit = {
        key,
        code: code as number | null,
        signal: signal as NodeJS.Signals | null,
        stderrTail,
        byHost: window.byHost,
      };
      for (const listener of this.#exits) listener(exit);
      if (!window.byHost) for (const listener of this.#closed) listener(key);
    });
    const window: OpenWindow = { child, claim, exited, byHost: false };
    this.#windows.set(key, window);
  }
}
