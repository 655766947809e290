import { originOf } from './content-security-policy.js';

/**
 * What an app window may navigate to and open. Each window shows the origin it was opened with
 * (the home and editor pages: the app server; a project: its demo server) and nothing else, not
 * even another of the app's origins: pages move between windows through the desk, which keeps one
 * window per key. New windows are never created in-app, and web links open in the user's browser.
 */

/** True when `url` is on the window's own origin (http://127.0.0.1:port); 'null' matches nothing. */
export function isAllowedNavigation(url: string, windowOrigin: string): boolean {
  if (windowOrigin === 'null') return false;
  return originOf(url) === windowOrigin;
}

export type WindowOpenDecision = { readonly action: 'deny' } | { readonly action: 'open-external'; readonly url: string };

/**
 * `window.open` / target=_blank: never a new app window (it would escape these rules). Web links
 * (http, https) and mailto: open outside the app, except the app's own origins (`appOrigins`):
 * their pages belong in app windows, and the user's browser would show them without the app's
 * sign-in. Anything else (file:, javascript:, custom protocols that launch programs) is dropped.
 */
export function decideWindowOpen(url: string, appOrigins: ReadonlySet<string> = new Set()): WindowOpenDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { action: 'deny' };
  }
  if (appOrigins.has(parsed.origin)) return { action: 'deny' };
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'mailto:') {
    return { action: 'open-external', url: parsed.href };
  }
  return { action: 'deny' };
}
