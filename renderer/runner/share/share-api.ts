/**
 * The owner's Share panel API as the page sees it (main/server/share/routes-share.ts; the shapes
 * are preload/shared/share/share-api.ts, shared with the server). Same-origin fetches: the owner's cookie (or the app window's header) rides along.
 */

export type {
  ShareActivitySnapshot,
  ShareRequestRecord,
  ShareStartBody,
  ShareState,
  ShareStatus,
  ShareStep,
} from '../../../preload/shared/share/share-api.js';
import type { ShareStartBody, ShareStatus, ShareStep } from '../../../preload/shared/share/share-api.js';

export const EXPIRY_CHOICES: readonly { readonly hours: number; readonly label: string }[] = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
];

/** The server's `{detail}` message, or what went wrong in words. */
async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { detail?: unknown } | null;
  const detail = body?.detail;
  if (typeof detail === 'string') return new Error(detail);
  if (Array.isArray(detail)) {
    const first = detail[0] as { msg?: unknown; loc?: unknown } | undefined;
    const field = Array.isArray(first?.loc) ? String(first.loc.at(-1)) : 'the form';
    return new Error(`Check ${field}: ${typeof first?.msg === 'string' ? first.msg : 'invalid'}.`);
  }
  return new Error(`The demo server answered ${response.status}.`);
}

async function call(baseUrl: string, path: string, init: RequestInit = {}): Promise<ShareStatus> {
  const response = await fetch(new URL(path, baseUrl), {
    ...init,
    headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    cache: 'no-store',
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as ShareStatus;
}

export const shareApi = {
  status: (baseUrl: string, signal?: AbortSignal): Promise<ShareStatus> => call(baseUrl, 'api/share', { signal: signal ?? null }),
  start: (baseUrl: string, body: ShareStartBody): Promise<ShareStatus> =>
    call(baseUrl, 'api/share/start', { method: 'POST', body: JSON.stringify(body) }),
  revoke: (baseUrl: string): Promise<ShareStatus> => call(baseUrl, 'api/share/revoke', { method: 'POST' }),
  stop: (baseUrl: string): Promise<ShareStatus> => call(baseUrl, 'api/share/stop', { method: 'POST' }),
};

/** Whether this page is the owner's window (GET /api/owner); false when it cannot tell. */
export async function fetchIsOwner(baseUrl: string, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(new URL('api/owner', baseUrl), { signal, headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return false;
    return ((await response.json()) as { owner?: unknown }).owner === true;
  } catch {
    return false;
  }
}

/** What to do about a failed step, in one sentence (the server's message has the details). */
export function stepAdvice(step: ShareStep): string {
  switch (step) {
    case 'dns':
      return 'The server’s name did not resolve: check the address and this computer’s network.';
    case 'connect':
      return 'Nothing answered at that address: check the host and port, and that the share server is running.';
    case 'host-key':
      return 'The server’s identity changed since the last share. If it was reinstalled on purpose, remove its entry from share/known_hosts.json.';
    case 'auth':
      return 'The server does not know this app’s key: add the key below to its allow-list (or authorized_keys), or use its token.';
    case 'forward':
      return 'The server refused to forward: allow TCP forwarding for this user, or pick another port.';
    case 'name-taken':
      return 'Another key owns this link name on the server.';
    case 'timeout':
      return 'The server did not answer in time: check the network and the server.';
    case 'input':
      return 'The address must start with share:// or ssh://.';
  }
}
