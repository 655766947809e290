import { screen, type BrowserWindow, type WebContents } from 'electron';
import type { Logger } from '../common/logger.js';
import type { ShownIn, WindowHost, WindowRequest } from '../desk/window-host.js';
import type { CspMode } from '../shell-policy/content-security-policy.js';
import { WindowRegistry, type RegisteredWindow } from '../shell-policy/window-registry.js';
import { placeWindow, type WindowStateStore } from '../shell-policy/window-state.js';
import { createAppWindow } from './window.js';

/** How long a window must sit still before its moved or resized bounds are written. */
const SAVE_DELAY_MS = 500;

export interface WindowHostEvents {
  /** The windows or the focus changed (the menu's Save and Edit Project follow the focused window). */
  changed(): void;
  /** A project's window opened, however it was asked for (menu, second instance, the home screen). */
  projectShown(projectFile: string): void;
}

/**
 * The desk's WindowHost in Electron: one BrowserWindow per key (WindowRegistry), placed from the
 * saved window state and saving it as it moves, focused when asked again, reported when closed.
 */
export class ElectronWindowHost implements WindowHost {
  readonly kind = 'electron';
  readonly registry = new WindowRegistry<BrowserWindow>();
  private readonly listeners = new Set<(key: string) => void>();
  /** Per-key changes run one after another, so two quick show()s of a key make one window. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly preload: string,
    private readonly states: WindowStateStore,
    private readonly logger: Logger,
    private readonly events: WindowHostEvents = { changed: () => undefined, projectShown: () => undefined },
  ) {}

  show(request: WindowRequest, signal?: AbortSignal): Promise<ShownIn> {
    const previous = this.pending.get(request.key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.showNow(request, signal));
    this.pending.set(request.key, next);
    return next;
  }

  onClosed(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes every window, then waits until their last window states are written. */
  async close(): Promise<void> {
    const windows = this.registry.all().map((entry) => entry.window);
    await Promise.all(
      windows.map(
        (window) =>
          new Promise<void>((resolve) => {
            if (window.isDestroyed()) {
              resolve();
              return;
            }
            window.once('closed', () => resolve());
            window.destroy();
          }),
      ),
    );
    await this.states.flush();
  }

  /** The registry entry of a focused app window, if one has focus. */
  focused(): RegisteredWindow<BrowserWindow> | undefined {
    const entries = this.registry.all();
    return entries.find((entry) => !entry.window.isDestroyed() && entry.window.isFocused());
  }

  /** The registry entry of the window showing `contents` (its top page), if it is an app window. */
  entryFor(contents: WebContents): RegisteredWindow<BrowserWindow> | undefined {
    return this.registry.all().find((entry) => !entry.window.isDestroyed() && entry.window.webContents.id === contents.id);
  }

  /** CSP handling per window origin: a project's page gets the shell's policy, the app server keeps its own. */
  cspModes(): ReadonlyMap<string, CspMode> {
    const modes = new Map<string, CspMode>();
    for (const entry of this.registry.all())
      if (modes.get(entry.origin) !== 'replace') modes.set(entry.origin, entry.kind === 'project' ? 'replace' : 'ensure');
    return modes;
  }

  private async showNow(request: WindowRequest, signal: AbortSignal | undefined): Promise<ShownIn> {
    signal?.throwIfAborted();
    const decision = this.registry.decide(request.key, request.url);
    const open = this.registry.get(request.key);
    if (open && decision.action !== 'create') {
      if (decision.action === 'load') {
        // Registered first: the app token and CSP apply to the new origin from its first request.
        this.registry.navigated(request.key, request.url);
        await open.window.loadURL(request.url);
      }
      if (open.window.isMinimized()) open.window.restore();
      open.window.show();
      open.window.focus();
      return 'electron';
    }
    const displays = screen.getAllDisplays().map((display) => display.workArea);
    const placement = placeWindow(await this.states.get(request.key), displays, screen.getPrimaryDisplay().workArea);
    const window = createAppWindow(this.preload, request.title, placement);
    this.registry.add({ key: request.key, kind: request.kind, url: request.url, window });
    this.track(request.key, window);
    this.events.changed();
    if (request.kind === 'project') this.events.projectShown(request.key);
    await window.loadURL(request.url);
    return 'electron';
  }

  private track(key: string, window: BrowserWindow): void {
    let timer: NodeJS.Timeout | undefined;
    const save = (): void => {
      clearTimeout(timer);
      if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
      const bounds = window.getNormalBounds();
      this.states.save(key, { ...bounds, maximized: window.isMaximized() }).catch((error: unknown) => {
        this.logger.warn('could not save the window state', { key, error: String(error) });
      });
    };
    const later = (): void => {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    };
    window.on('resize', later);
    window.on('move', later);
    window.on('maximize', later);
    window.on('unmaximize', later);
    window.on('close', save);
    window.on('focus', () => {
      this.events.changed();
    });
    window.on('closed', () => {
      clearTimeout(timer);
      if (!this.registry.closed(key, window)) return;
      this.events.changed();
      for (const listener of this.listeners) listener(key);
    });
  }
}
