/**
 * Where the desk (the running app: home screen, editor, served projects) shows its pages. Three
 * hosts implement it: Electron BrowserWindows (main/shell/), an app-mode window of an installed
 * Chromium-family browser (main/app-window/), and the default browser or a printed URL when neither
 * exists. The desk decides what to show; a host only opens, focuses and reports closed windows.
 */

/** What a window shows: the home screen, the editor, or one served project. */
export type WindowKind = 'home' | 'editor' | 'project';

export interface WindowRequest {
  /**
   * One window per key: 'home', 'editor', or a project's real absolute path. A second show() with
   * the same key focuses (Electron) or reopens (browser hosts, which cannot focus) that window.
   */
  readonly key: string;
  readonly kind: WindowKind;
  /** The page to load: a loopback URL, with a one-time sign-in token where the page needs one. */
  readonly url: string;
  /** The window title (the project's name, "demo-desktop"). */
  readonly title: string;
}

/** How a request was shown, for the CLI to say which kind of window the user got. */
export type ShownIn = 'electron' | 'app-window' | 'browser' | 'printed';

export interface WindowHost {
  /** Which kind of window this host makes; 'printed' when it can only print URLs. */
  readonly kind: ShownIn;
  /** Opens (or focuses) the window for request.key. Resolves once the window was launched. */
  show(request: WindowRequest, signal?: AbortSignal): Promise<ShownIn>;
  /**
   * Calls `listener(key)` when the user closed the window for `key`. Hosts that cannot tell
   * (the default browser, a printed URL) never call it. Returns an unsubscribe function.
   */
  onClosed(listener: (key: string) => void): () => void;
  /** Closes every window this host opened. */
  close(): Promise<void>;
}
