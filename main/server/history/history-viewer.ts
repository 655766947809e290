import type { IncomingMessage } from 'node:http';
import type { HistoryQuery, RunRow } from '../../store/history-types.js';
import { isLocalRequest } from '../admin/local-only.js';
import { sentAdminSecret } from '../admin/admin-auth.js';
import { SESSION_HASH, sessionKey } from '../gradio/requests.js';
import { HttpError } from '../http-error.js';
import type { OwnerAuth } from '../owner/owner-auth.js';
import { requestVisitor } from '../request-visitor.js';
import { secretMatches } from '../secret.js';

/**
 * Who is looking at history, and so what they may see (docs/history.md, "Who sees what"):
 * - the owner (the owner's window: the app token or the owner cookie; or a script with the admin
 *   token) sees every run of the project, on the local surface only;
 * - anyone else (another local tab, a share-link visitor, an API client) sees the runs of the
 *   session they name with `session_hash`, and only as the server knows that session for them:
 *   a share-link visitor's sessions are kept apart per visitor (the share gate's mark), so a
 *   visitor who sends another visitor's session_hash names a session of their own, with no runs.
 * A session_hash is the client's own random id (the same capability that reads its queue
 * stream); without one a non-owner sees nothing, and the anonymous lane of /run and /call is
 * never a session anyone can read.
 */
export type HistoryViewer =
  | { readonly kind: 'owner' }
  | { readonly kind: 'session'; readonly sessionId: string; readonly visitorId: string | null; readonly sessionHash: string };

export interface ViewerDeps {
  readonly surface: 'local' | 'share';
  readonly owner: OwnerAuth | undefined;
  readonly adminToken: string;
}

export function isHistoryOwner(req: IncomingMessage, deps: ViewerDeps): boolean {
  if (deps.surface !== 'local' || !isLocalRequest(req)) return false;
  return deps.owner?.isOwner(req) === true || secretMatches(sentAdminSecret(req), deps.adminToken);
}

/** The viewer of a request; `sessionHash`: the query's or body's `session_hash`, if any. */
export function historyViewer(req: IncomingMessage, deps: ViewerDeps, sessionHash: string | null | undefined): HistoryViewer | null {
  if (isHistoryOwner(req, deps)) return { kind: 'owner' };
  if (!sessionHash) return null;
  if (!SESSION_HASH.test(sessionHash)) {
    throw new HttpError(
      400,
      `session_hash must be the client's session id (letters, digits, "-" and "_", 1 to 128); got ${JSON.stringify(sessionHash.slice(0, 40))}.`,
    );
  }
  const visitorId = requestVisitor(req);
  return { kind: 'session', sessionId: sessionKey(sessionHash, visitorId), visitorId, sessionHash };
}

/** The viewer's part of a history query: nothing more for the owner, their session for anyone else. */
export function viewerScope(viewer: HistoryViewer): Pick<HistoryQuery, 'sessionId'> {
  return viewer.kind === 'owner' ? {} : { sessionId: viewer.sessionId };
}

/** Whether the viewer may see this run (the same rule as viewerScope, for one run). */
export function mayView(viewer: HistoryViewer, run: RunRow, project: string): boolean {
  if (run.project !== project) return false;
  if (viewer.kind === 'owner') return true;
  if (run.sessionId !== viewer.sessionId) return false;
  // A run made through a share link belongs to that visitor only, whatever session it names.
  return run.visitorId === null || run.visitorId === viewer.visitorId;
}

/** The 404 of a run that does not exist or is not the viewer's: the same answer, so ids cannot be probed. */
export function runNotFound(id: string): HttpError {
  return new HttpError(
    404,
    `No run ${JSON.stringify(id)} in this demo's history for this session (a run is visible to the session that made it, and to the demo's owner).`,
  );
}
