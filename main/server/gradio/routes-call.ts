import { z } from 'zod';
import { SKIP_API_TYPES } from '../../../preload/shared/project/schema-components.js';
import type { AppEvent } from '../../../preload/shared/project/normalize.js';
import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { requestVisitor } from '../request-visitor.js';
import { API_PREFIX } from './config-schema.js';
import { callerInfo, eventByApiName, type GradioContext } from './context.js';
import { optionalSessionHash } from './requests.js';

/** The two-step "curl" protocol (doc §1.13): POST starts an event, GET streams its named events. */

const callBody = z.object({
  data: z.array(z.unknown()).default([]),
  session_hash: z.string().nullable().optional(),
});
const callV2Body = z.record(z.string(), z.unknown());

function isSkipped(ctx: GradioContext, key: string): boolean {
  const component = ctx.engine.app.components.get(key);
  return component !== undefined && SKIP_API_TYPES.has(component.type);
}

/** Positional data that may leave out skip_api inputs (State): those slots are filled with null. */
function positional(ctx: GradioContext, event: AppEvent, data: readonly unknown[]): unknown[] {
  if (data.length === event.inputs.length) return [...data];
  const visible = event.inputs.filter((key) => !isSkipped(ctx, key));
  if (data.length !== visible.length) return [...data];
  let next = 0;
  return event.inputs.map((key) => (isSkipped(ctx, key) ? null : data[next++]));
}

/** v2 keyword bodies map through `parameter_name` (the component key, as /info says). */
function fromKeywords(ctx: GradioContext, event: AppEvent, body: Record<string, unknown>): unknown[] {
  const unknown = Object.keys(body).filter((name) => name !== 'session_hash' && !event.inputs.includes(name));
  if (unknown.length > 0) {
    throw new HttpError(
      400,
      `Unknown parameter(s) ${unknown.join(', ')} for /${event.apiName}; it takes: ${event.inputs.join(', ') || 'none'}.`,
    );
  }
  return event.inputs.map((key) => {
    if (key in body) return body[key];
    const component = ctx.engine.app.components.get(key);
    if (component && !SKIP_API_TYPES.has(component.type) && component.props.value === undefined) {
      throw new HttpError(400, `Missing parameter "${key}" for /${event.apiName}.`);
    }
    return component?.props.value ?? null;
  });
}

async function start(ctx: GradioContext, rc: RequestContext, v2: boolean): Promise<void> {
  const event = eventByApiName(ctx, rc.params.api ?? '');
  let data: unknown[];
  let requestedHash: string | null | undefined;
  if (v2) {
    const body = await readJsonAs(rc.req, callV2Body, ctx.maxBodyBytes);
    requestedHash = typeof body.session_hash === 'string' ? body.session_hash : null;
    data = fromKeywords(ctx, event, body);
  } else {
    const body = await readJsonAs(rc.req, callBody, ctx.maxBodyBytes);
    requestedHash = body.session_hash;
    data = positional(ctx, event, body.data);
  }
  const hash = optionalSessionHash(requestedHash);
  const eventId = await ctx.queue.startCall({ ...callerInfo(ctx, rc), event, data, hash });
  sendJson(rc.res, 200, { event_id: eventId });
}

function stream(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const apiName = (rc.params.api ?? '').replace(/^\/+|\/+$/g, '');
  return ctx.queue.openCallStream(rc, apiName, rc.params.id ?? '', requestVisitor(rc.req));
}

export function registerCallRoutes(router: Router, ctx: GradioContext): void {
  const api = '(?<api>[A-Za-z0-9_]+)';
  router.add('POST', new RegExp(`^${API_PREFIX}/call/v2/${api}/?$`), (rc) => start(ctx, rc, true));
  router.add('POST', new RegExp(`^${API_PREFIX}/call/${api}/?$`), (rc) => start(ctx, rc, false));
  router.add('GET', new RegExp(`^${API_PREFIX}/call/(?:v2/)?${api}/(?<id>[A-Za-z0-9_-]+)/?$`), (rc) => stream(ctx, rc));
}
