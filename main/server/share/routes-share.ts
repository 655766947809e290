import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ShareController } from '../../sharing/share-controller.js';
import { EXPIRY_CHOICES_HOURS } from '../../sharing/share-settings.js';
import { parseShareTarget } from '../../sharing/share-target.js';
import { toAppError } from '../../../preload/shared/errors.js';
import { readJsonAs } from '../body.js';
import { ownOrigin } from '../editor/editor-guard.js';
import { HttpError } from '../http-error.js';
import { assertOwner, type OwnerAuth } from '../owner/owner-auth.js';
import { sendJson } from '../responses.js';
import type { Router } from '../router.js';

/**
 * The owner's Share panel API, on the demo server's local surface only (never registered on a
 * share gate's router, so a visitor cannot reach it whatever they send). Owner only: the app
 * window, the owner cookie, or the admin token (scripts); a change must come from the page's own
 * origin when it says one.
 *
 *   GET  /api/share          the share's status (ShareStatus): state, link, expiry, activity
 *   POST /api/share/start    {server, expiresHours?, passcode?}: 202 and starts connecting; the
 *                            state then says online or failed (with the step)
 *   POST /api/share/revoke   a new key: old links and cookies stop at once
 *   POST /api/share/stop     ends the share
 */

export const ShareStartBodySchema = z.object({
  server: z.string().trim().min(1).max(2048),
  expiresHours: z
    .number()
    .refine((hours) => (EXPIRY_CHOICES_HOURS as readonly number[]).includes(hours), {
      message: `one of ${EXPIRY_CHOICES_HOURS.join(', ')} hours`,
    })
    .optional(),
  passcode: z.string().min(4).max(128).nullable().optional(),
});

export interface ShareRoutesOptions {
  readonly controller: ShareController;
  readonly owner: OwnerAuth | undefined;
  readonly adminToken: string;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function assertOwnerChange(req: IncomingMessage, options: ShareRoutesOptions): void {
  assertOwner(req, options.owner, options.adminToken);
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== ownOrigin(req)) {
    throw new HttpError(403, `A share can only be changed from the demo's own page (a request from ${origin} is refused).`);
  }
}

export function registerShareRoutes(router: Router, options: ShareRoutesOptions): void {
  const { controller } = options;
  router.add('GET', /^\/api\/share\/?$/, async (rc) => {
    assertOwner(rc.req, options.owner, options.adminToken);
    sendJson(rc.res, 200, await controller.status(), NO_STORE);
  });
  router.add('POST', /^\/api\/share\/start\/?$/, async (rc) => {
    assertOwnerChange(rc.req, options);
    const body = await readJsonAs(rc.req, ShareStartBodySchema, 64 * 1024);
    if (controller.active) throw new HttpError(409, 'This demo is already being shared: stop that share first.');
    try {
      parseShareTarget(body.server);
    } catch (error) {
      throw new HttpError(400, toAppError(error).message);
    }
    // Connecting takes up to 30 s; the panel follows it in GET /api/share (failures land in its state).
    controller
      .start({
        server: body.server,
        ...(body.expiresHours !== undefined ? { expiresHours: body.expiresHours } : {}),
        ...(body.passcode ? { passcode: body.passcode } : {}),
      })
      .catch(() => undefined);
    sendJson(rc.res, 202, await controller.status(), NO_STORE);
  });
  router.add('POST', /^\/api\/share\/revoke\/?$/, async (rc) => {
    assertOwnerChange(rc.req, options);
    rc.req.resume();
    if (controller.revoke() === null) throw new HttpError(409, 'Nothing is being shared: start a share first.');
    sendJson(rc.res, 200, await controller.status(), NO_STORE);
  });
  router.add('POST', /^\/api\/share\/stop\/?$/, async (rc) => {
    assertOwnerChange(rc.req, options);
    rc.req.resume();
    await controller.stop();
    sendJson(rc.res, 200, await controller.status(), NO_STORE);
  });
}
