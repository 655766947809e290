import { originOf } from './content-security-policy.js';

/**
 * What the app window may navigate to and open. The window shows the local server and nothing
 * else: navigation elsewhere is blocked, new windows are never created in-app, and http(s) links
 * open in the user's browser instead.
 */

/** The only origin the window may show: the local server (http://127.0.0.1:port). */
export function isAllowedNavigation(url: string, serverOrigin: string): boolean {
  return originOf(url) === serverOrigin;
}

export type WindowOpenDecision = { readonly action: 'deny' } | { readonly action: 'open-external'; readonly url: string };

/**
 * `window.open` / target=_blank: never a new app window (it would escape these rules). Web links
 * (http, https) and mailto: open outside the app; anything else (file:, javascript:, custom
 * protocols that launch programs) is dropped.
 */
export function decideWindowOpen(url: string): WindowOpenDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { action: 'deny' };
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'mailto:') {
    return { action: 'open-external', url: parsed.href };
  }
  return { action: 'deny' };
}

/** Permissions the demo's own components need: camera/microphone (image, audio), clipboard writes. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'clipboard-sanitized-write', 'fullscreen']);

/** Grants a permission only to the local server's pages and only from the short list above. */
export function isAllowedPermission(permission: string, requestingUrl: string, serverOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && originOf(requestingUrl) === serverOrigin;
}
