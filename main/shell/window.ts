import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../common/logger.js';
import { withAppToken } from '../shell-policy/app-token.js';
import { withContentSecurityPolicy, type CspMode } from '../shell-policy/content-security-policy.js';
import { decideWindowOpen, isAllowedNavigation } from '../shell-policy/navigation.js';
import { decidePermissionCheck, decidePermissionRequest, isUserActivation } from '../shell-policy/permissions.js';
import type { WindowState } from '../shell-policy/window-state.js';
import { MIN_SIZE } from '../shell-policy/window-state.js';
import { secureWebPreferences } from '../shell-policy/web-preferences.js';

/** What the session rules read each time: the app windows change as projects open and close. */
export interface SessionPolicy {
  /** Origins of the open app windows. */
  appOrigins(): ReadonlySet<string>;
  /** CSP handling per app origin (content-security-policy.ts). */
  cspModes(): ReadonlyMap<string, CspMode>;
  /** The per-launch app token the local servers know. */
  readonly appToken: string;
  /** When the user last clicked or typed in a web contents (ms since the epoch). */
  lastUserInputAt(contents: WebContents): number | undefined;
  readonly logger: Logger;
}

/**
 * The app token on requests to the app's origins, CSP on their responses, and permissions by the
 * pure policy of shell-policy/permissions.ts.
 */
export function secureSession(session: Session, policy: SessionPolicy): void {
  const mediaGrantedTo = new Set<string>();
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    callback({ requestHeaders: withAppToken(details.url, policy.appOrigins(), policy.appToken, details.requestHeaders) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, policy.cspModes(), details.responseHeaders) });
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const decision = decidePermissionRequest({
      permission,
      requestingUrl: details.requestingUrl,
      securityOrigin: 'securityOrigin' in details ? details.securityOrigin : undefined,
      mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
      appOrigins: policy.appOrigins(),
      lastUserInputAt: policy.lastUserInputAt(contents),
      now: Date.now(),
    });
    if (decision.grant && permission === 'media') mediaGrantedTo.add(new URL(details.requestingUrl).origin);
    if (!decision.grant) policy.logger.warn('denied a permission', { permission, reason: decision.reason });
    callback(decision.grant);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    decidePermissionCheck({ permission, requestingOrigin, appOrigins: policy.appOrigins(), mediaGrantedTo }),
  );
}

/**
 * Navigation rules for every web contents the app creates: each stays on its window's origin
 * (`windowOrigin`: 'null' for a contents that is not an app window), never opens app windows (web
 * links go to the user's browser), never attaches a <webview>. Records the user's clicks and key
 * presses for the permission policy.
 */
export function secureContents(
  contents: WebContents,
  windowOrigin: () => string,
  appOrigins: () => ReadonlySet<string>,
  onUserInput: (at: number) => void,
  logger: Logger,
): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, windowOrigin())) return;
    event.preventDefault();
    logger.warn('blocked navigation away from the app', { url });
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => {
    if (event.isMainFrame) guard(event, event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('input-event', (_event, input) => {
    if (isUserActivation(input.type)) onUserInput(Date.now());
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, appOrigins());
    if (decision.action === 'open-external') {
      shell.openExternal(decision.url).catch((error: unknown) => logger.warn('could not open a link', { url, error: String(error) }));
    }
    return { action: 'deny' };
  });
}

/** An app window: hidden until its first paint, placed where window-state.ts says, locked down. */
export function createAppWindow(preload: string, title: string, placement: WindowState): BrowserWindow {
  const window = new BrowserWindow({
    x: placement.x,
    y: placement.y,
    width: placement.width,
    height: placement.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title,
    webPreferences: secureWebPreferences(preload),
  });
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  return window;
}
