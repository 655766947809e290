import type { WindowKind } from '../desk/window-host.js';

/** One open window as the registry keeps it; `W` is the platform's window (a BrowserWindow). */
export interface RegisteredWindow<W> {
  readonly key: string;
  readonly kind: WindowKind;
  /** The origin of the page it was opened with: the only origin it may show (navigation.ts). */
  readonly origin: string;
  /** The URL it was last asked to show. */
  readonly url: string;
  readonly window: W;
}

export type ShowDecision = { readonly action: 'create' } | { readonly action: 'focus' } | { readonly action: 'load' };

/**
 * The window-per-key map (key: 'home', 'editor', or a project's real path; main/desk decides the
 * key). Opening a key that has a window focuses it; a closed window leaves the map. Pure: the
 * Electron WindowHost (main/shell/electron-window-host.ts) creates and focuses the real windows.
 */
export class WindowRegistry<W> {
  private readonly windows = new Map<string, RegisteredWindow<W>>();

  /**
   * What show(request) must do: create a window for a new key, focus the open one, or load the new
   * URL into it when it shows another page (the editor switched to another project). A new sign-in
   * token alone does not reload a page that is open already.
   */
  decide(key: string, url: string): ShowDecision {
    const open = this.windows.get(key);
    if (open === undefined) return { action: 'create' };
    return samePage(open.url, url) ? { action: 'focus' } : { action: 'load' };
  }

  add(entry: Omit<RegisteredWindow<W>, 'origin'>): RegisteredWindow<W> {
    const registered = { ...entry, origin: originOrNull(entry.url) };
    this.windows.set(entry.key, registered);
    return registered;
  }

  /** The window now shows `url` (a load decided above). */
  navigated(key: string, url: string): void {
    const open = this.windows.get(key);
    if (open) this.windows.set(key, { ...open, url, origin: originOrNull(url) });
  }

  /**
   * A window closed. Only the entry of that very window goes: a late 'closed' of an old window must
   * not drop the new window opened for the same key meanwhile. True when an entry was removed.
   */
  closed(key: string, window: W): boolean {
    if (this.windows.get(key)?.window !== window) return false;
    return this.windows.delete(key);
  }

  get(key: string): RegisteredWindow<W> | undefined {
    return this.windows.get(key);
  }

  /** The entry of a platform window (for IPC senders, focus, menus); undefined when not ours. */
  find(window: W): RegisteredWindow<W> | undefined {
    for (const entry of this.windows.values()) if (entry.window === window) return entry;
    return undefined;
  }

  all(): readonly RegisteredWindow<W>[] {
    return [...this.windows.values()];
  }

  /** The origins of every open window (app token, CSP, permissions). */
  origins(): ReadonlySet<string> {
    return new Set(this.all().map((entry) => entry.origin));
  }

  /** The project paths of the open project windows (their keys). */
  projectPaths(): readonly string[] {
    return this.all()
      .filter((entry) => entry.kind === 'project')
      .map((entry) => entry.key);
  }
}

/** Same page: same origin, path and query, ignoring the one-time `token` and the fragment. */
export function samePage(a: string, b: string): boolean {
  const strip = (url: string): string | undefined => {
    try {
      const parsed = new URL(url);
      parsed.searchParams.delete('token');
      parsed.searchParams.sort();
      parsed.hash = '';
      return parsed.href;
    } catch {
      return undefined;
    }
  };
  const left = strip(a);
  return left !== undefined && left === strip(b);
}

function originOrNull(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}
