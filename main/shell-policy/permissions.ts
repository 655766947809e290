import { originOf } from './content-security-policy.js';

/**
 * The permission policy of every app window, as pure decisions over what Electron hands its
 * session handlers. Granted:
 *  - the camera and microphone (Electron's `media`, video/audio only: no screen capture) to a frame
 *    of one of the app's own origins that asks for itself (the requesting frame's origin is the
 *    security origin it asks for), and only while the user just clicked or typed in that window
 *    (transient user activation, as Chromium counts it for popups: 5 s);
 *  - clipboard writes (sanitized) and fullscreen (a video, the image editor) to the app's origins.
 * Everything else is denied: geolocation, notifications, MIDI, HID/serial/USB, clipboard reads,
 * display capture, openExternal (links go through the window-open guard instead), file system.
 */

/** How long after a click or key press a request still counts as the user's. */
export const USER_ACTIVATION_MS = 5_000;

const QUIET_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

export interface PermissionRequestInput {
  readonly permission: string;
  /** details.requestingUrl: the last URL the requesting frame loaded. */
  readonly requestingUrl: string;
  /** details.securityOrigin (media requests): the origin the grant would be for. */
  readonly securityOrigin?: string | undefined;
  /** details.mediaTypes (media requests). */
  readonly mediaTypes?: readonly string[] | undefined;
  /** Origins of the app's own pages (the open windows' origins). */
  readonly appOrigins: ReadonlySet<string>;
  /** When the user last clicked or typed in the asking window (ms); undefined: never. */
  readonly lastUserInputAt: number | undefined;
  readonly now: number;
}

export type PermissionDecision = { readonly grant: true } | { readonly grant: false; readonly reason: string };

export function decidePermissionRequest(input: PermissionRequestInput): PermissionDecision {
  const origin = originOf(input.requestingUrl);
  if (origin === undefined || origin === 'null' || !input.appOrigins.has(origin)) {
    return deny(`${input.permission} asked by ${input.requestingUrl || 'an unknown page'}, which is not one of the app's pages`);
  }
  if (QUIET_PERMISSIONS.has(input.permission)) return { grant: true };
  if (input.permission !== 'media') return deny(`the app's pages do not get ${input.permission}`);
  if (input.securityOrigin !== undefined && originOf(input.securityOrigin) !== origin) {
    return deny(`media asked by ${origin} for another origin (${input.securityOrigin})`);
  }
  const types = input.mediaTypes ?? [];
  if (types.length === 0 || !types.every((type) => type === 'video' || type === 'audio')) {
    return deny(`media of kinds ${types.join(', ') || 'none'}: only the camera and microphone are granted`);
  }
  const sinceInput = input.lastUserInputAt === undefined ? Infinity : input.now - input.lastUserInputAt;
  if (!(sinceInput >= 0 && sinceInput <= USER_ACTIVATION_MS)) {
    return deny('the camera and microphone are granted only right after a click in the window');
  }
  return { grant: true };
}

export interface PermissionCheckInput {
  readonly permission: string;
  /** The check handler's requestingOrigin. */
  readonly requestingOrigin: string;
  readonly appOrigins: ReadonlySet<string>;
  /** Origins this run granted media to (after a request above), so a check after the grant says yes. */
  readonly mediaGrantedTo: ReadonlySet<string>;
}

/**
 * The check handler (navigator.permissions.query, device labels): yes only for what a request would
 * grant without asking, and for media only where a request already granted it in this run.
 */
export function decidePermissionCheck(input: PermissionCheckInput): boolean {
  const origin = originOf(input.requestingOrigin);
  if (origin === undefined || origin === 'null' || !input.appOrigins.has(origin)) return false;
  if (QUIET_PERMISSIONS.has(input.permission)) return true;
  return input.permission === 'media' && input.mediaGrantedTo.has(origin);
}

function deny(reason: string): PermissionDecision {
  return { grant: false, reason };
}

/** Input events that count as the user's activation of a page (as Chromium's transient activation). */
const ACTIVATION_EVENTS: ReadonlySet<string> = new Set(['mouseDown', 'pointerDown', 'rawKeyDown', 'keyDown', 'touchEnd', 'gestureTap']);

/** True for a web contents' `input-event` type that is a click, a tap or a key press. */
export function isUserActivation(inputEventType: string): boolean {
  return ACTIVATION_EVENTS.has(inputEventType);
}
