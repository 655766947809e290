import type { IncomingMessage } from 'node:http';
import { DESK_API, INSTANCE_HEADER, deskOpenRequest } from '../../../preload/shared/home/home-api.js';
import { readJsonAs } from '../body.js';
import { assertEditorRequest } from '../editor/editor-guard.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { Router } from '../router.js';
import { secretMatches } from '../secret.js';
import type { HomeBackend } from './home-backend.js';
import { HOME_REFUSED } from './home-page.js';

/**
 * The desk's hand-off API, for a second `demo-desktop` on this computer (main/desk/instance-file.ts):
 * `GET /api/desk/ping` (is this the desk of that instance file?) and `POST /api/desk/open`
 * (`{path}` or `{home: true}`). No session: the caller proves itself with the secret of the
 * instance file (mode 0600, so only this user can read it), compared in constant time. Requests
 * must still come from a loopback socket with a loopback Host and no foreign Origin.
 */

export interface DeskRoutesOptions {
  readonly backend: HomeBackend;
  /** The secret written to the instance file. */
  readonly secret: string;
}

function authorize(req: IncomingMessage, secret: string): void {
  const sent = req.headers[INSTANCE_HEADER];
  const matches = typeof sent === 'string' && secretMatches(sent, secret);
  if (!matches) throw new HttpError(403, `${HOME_REFUSED} (the ${INSTANCE_HEADER} header is missing or wrong).`);
  // The secret stands in for the Origin a browser would send (a CLI sends none); a foreign one is still refused.
  assertEditorRequest(req, true, HOME_REFUSED);
}

export function registerDeskRoutes(router: Router, options: DeskRoutesOptions): void {
  router.add('GET', new RegExp(`^${DESK_API}/ping$`), (rc) => {
    authorize(rc.req, options.secret);
    sendJson(rc.res, 200, { pid: process.pid });
  });
  router.add('POST', new RegExp(`^${DESK_API}/open$`), async (rc) => {
    authorize(rc.req, options.secret);
    const request = await readJsonAs(rc.req, deskOpenRequest, 64 * 1024);
    sendJson(rc.res, 200, await options.backend.handOff(request));
  });
}
