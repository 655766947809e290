import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../common/logger.js';
import { withAppToken } from '../shell-policy/app-token.js';
import { withContentSecurityPolicy } from '../shell-policy/content-security-policy.js';
import { decideWindowOpen, isAllowedNavigation, isAllowedPermission } from '../shell-policy/navigation.js';
import { secureWebPreferences } from '../shell-policy/web-preferences.js';

/** The current server origin; it changes when another project is opened. */
export type OriginSource = () => string;

/** The app token on requests to the local server, CSP on its responses, and permissions only for its pages (shell-policy/). */
export function secureSession(session: Session, origin: OriginSource, appToken: () => string | undefined): void {
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    callback({ requestHeaders: withAppToken(details.url, origin(), appToken(), details.requestHeaders) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, origin(), details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl, origin()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin, origin()),
  );
}

/**
 * Navigation rules for every web contents the app creates: stay on the local server, never open
 * app windows (web links go to the user's browser), never attach a <webview>.
 */
export function secureContents(contents: WebContents, origin: OriginSource, logger: Logger): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, origin())) return;
    event.preventDefault();
    logger.warn('blocked navigation away from the app', { url });
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') {
      shell.openExternal(decision.url).catch((error: unknown) => logger.warn('could not open a link', { url, error: String(error) }));
    }
    return { action: 'deny' };
  });
}

/** The app window: hidden until its first paint, with the locked-down webPreferences. */
export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 480,
    minHeight: 360,
    show: false,
    title: 'demo-desktop',
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
