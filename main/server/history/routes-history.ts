import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { Engine } from '../../engine/types.js';
import { flagExportRow } from '../../store/flag-export.js';
import { FlagRepository } from '../../store/flag-repository.js';
import { flagsCsv, flagsJsonl } from '../../store/flag-writers.js';
import { HistoryRepository } from '../../store/history-repository.js';
import { RUN_OUTCOMES, type HistoryQuery, type RunRow, type StoredFileRef } from '../../store/history-types.js';
import type { Store } from '../../store/open-store.js';
import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson, sendText } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { sendFile } from '../send-file.js';
import { historyViewer, isHistoryOwner, mayView, runNotFound, viewerScope, type HistoryViewer, type ViewerDeps } from './history-viewer.js';
import { restoreInputs, type RestoreDeps } from './history-restore.js';
import { runView } from './run-view.js';

/**
 * The history routes (docs/api.md, "History"), on both surfaces, each answer cut to what the
 * viewer may see (history-viewer.ts):
 *   GET  /api/history                          `{enabled, owner, flagging}`: what the page shows
 *   GET  /api/history/runs?...                 runs, newest first (filters: event, outcome, since, until, q, flagged; paging: limit, before)
 *   GET  /api/history/runs/:id                 one run with its values (files as download URLs)
 *   GET  /api/history/runs/:id/files/:sha256   a file of that run (its stored bytes, by content hash)
 *   POST /api/history/runs/:id/restore         its inputs as new uploads of this client: `{fnIndex, event, data}`
 *   POST /api/history/runs/:id/flags           flags it: `{reason?, note?}` (project.json `flagging`)
 *   GET  /api/history/flags/export?format=csv|jsonl   every flag of the project (the owner only)
 * Non-owners name their session with `session_hash` (query or body).
 */

export interface HistoryRouteDeps extends ViewerDeps, Omit<RestoreDeps, 'contentFiles'> {
  readonly engine: Engine;
  /** The store and this project's key in it (its project.json's real path); none: history is off. */
  readonly history: { readonly store: Store; readonly project: string } | undefined;
}

const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const RUN_PATH = '^/api/history/runs/(?<id>[^/]+)';

const flagBody = z.object({
  session_hash: z.string().nullable().optional(),
  reason: z.string().max(200).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});
const restoreBody = z.object({ session_hash: z.string().nullable().optional() });

function optionalNumber(rc: RequestContext, name: string): number | undefined {
  const raw = rc.query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value))
    throw new HttpError(400, `Query parameter ${name} must be a number (Unix epoch ms for since/until); got ${JSON.stringify(raw)}.`);
  return value;
}

/** The list's filters from the query string, checked. */
function listQuery(rc: RequestContext, project: string): HistoryQuery {
  const outcome = rc.query.get('outcome') ?? '';
  if (outcome !== '' && !(RUN_OUTCOMES as readonly string[]).includes(outcome)) {
    throw new HttpError(400, `outcome must be one of ${RUN_OUTCOMES.join(', ')}; got ${JSON.stringify(outcome)}.`);
  }
  const event = rc.query.get('event') ?? '';
  const before = rc.query.get('before') ?? '';
  if (before !== '' && !RUN_ID.test(before)) throw new HttpError(400, 'before must be a run id from the previous page.');
  const text = (rc.query.get('q') ?? '').trim();
  const since = optionalNumber(rc, 'since');
  const until = optionalNumber(rc, 'until');
  const limit = optionalNumber(rc, 'limit');
  return {
    project,
    ...(event !== '' ? { event: /^\d+$/.test(event) ? Number(event) : event } : {}),
    ...(outcome !== '' ? { outcome: outcome as HistoryQuery['outcome'] & string } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(text !== '' ? { text } : {}),
    ...(before !== '' ? { beforeId: before } : {}),
    limit: Math.min(Math.max(1, Math.floor(limit ?? 50)), 200),
    ...(rc.query.get('flagged') === '1' || rc.query.get('flagged') === 'true' ? { flagged: true } : {}),
  };
}

class HistoryRoutes {
  private readonly runs: HistoryRepository;
  private readonly flags: FlagRepository;

  constructor(
    private readonly deps: HistoryRouteDeps,
    private readonly history: { readonly store: Store; readonly project: string },
  ) {
    this.runs = new HistoryRepository(history.store);
    this.flags = new FlagRepository(history.store.db);
  }

  info(rc: RequestContext): void {
    const { mode, options } = this.deps.engine.loaded.project.flagging;
    sendJson(rc.res, 200, { enabled: true, owner: isHistoryOwner(rc.req, this.deps), flagging: { mode, options } }, NO_STORE);
  }

  list(rc: RequestContext): void {
    const viewer = this.viewer(rc, rc.query.get('session_hash'));
    if (viewer === null) {
      sendJson(rc.res, 200, { runs: [], next: null }, NO_STORE);
      return;
    }
    const filters = listQuery(rc, this.history.project);
    const rows = this.runs.list({ ...filters, ...viewerScope(viewer), limit: (filters.limit ?? 50) + 1 });
    const page = rows.slice(0, filters.limit);
    const flags = this.flags.forRuns(page.map((run) => run.id));
    sendJson(
      rc.res,
      200,
      {
        runs: page.map((run) => runView(run, flags.get(run.id) ?? [], false)),
        next: rows.length > page.length ? (page.at(-1)?.id ?? null) : null,
      },
      NO_STORE,
    );
  }

  one(rc: RequestContext): void {
    const viewer = this.viewer(rc, rc.query.get('session_hash'));
    const run = this.visibleRun(rc, viewer);
    const flags = this.flags.forRuns([run.id]).get(run.id) ?? [];
    sendJson(rc.res, 200, runView(run, flags, { fileUrl: (file) => this.fileUrl(rc, run, file, viewer) }), NO_STORE);
  }

  async file(rc: RequestContext): Promise<void> {
    const viewer = this.viewer(rc, rc.query.get('session_hash'));
    const run = this.visibleRun(rc, viewer);
    const sha = rc.params.sha ?? '';
    const ref = SHA256.test(sha) ? findRef(run, sha) : null;
    if (ref === null) throw new HttpError(404, `Run ${run.id} has no file ${JSON.stringify(sha.slice(0, 64))}.`);
    // The path is made from a checked SHA-256 only: nothing a client sends can name a file outside the store.
    const file = this.history.store.files.path(sha);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile())
      throw new HttpError(404, `The file ${ref.name} of run ${run.id} is no longer kept (history retention removed it).`);
    sendFile(rc.req, rc.res, { path: file, size: info.size, mimeType: ref.mime ?? 'application/octet-stream', name: ref.name });
  }

  async restore(rc: RequestContext): Promise<void> {
    const body = await readJsonAs(rc.req, restoreBody, 64 * 1024);
    const run = this.visibleRun(rc, this.viewer(rc, body.session_hash));
    const event = this.deps.engine.app.events.find((e) => e.index === run.eventIndex);
    if (!event)
      throw new HttpError(409, `Run ${run.id} was made by event ${run.eventIndex} (${run.apiName}), which this project no longer has.`);
    const data = await restoreInputs({ ...this.deps, contentFiles: this.history.store.files }, rc.req, rc.root, run.inputs);
    sendJson(rc.res, 200, { id: run.id, fnIndex: event.index, event: event.apiName, data }, NO_STORE);
  }

  async flag(rc: RequestContext): Promise<void> {
    const body = await readJsonAs(rc.req, flagBody, 64 * 1024);
    const viewer = this.viewer(rc, body.session_hash);
    const { mode, options } = this.deps.engine.loaded.project.flagging;
    if (mode === 'never') throw new HttpError(403, 'Flagging is off for this demo (project.json "flagging": {"mode": "never"}).');
    const reason = emptyToNull(body.reason);
    if (reason !== null && options.length > 0 && !options.includes(reason)) {
      throw new HttpError(
        422,
        `reason must be one of project.json flagging.options: ${options.map((o) => JSON.stringify(o)).join(', ')}; got ${JSON.stringify(reason)}.`,
      );
    }
    const run = await this.visibleRunSoon(rc, viewer);
    const flag = this.flags.add({
      runId: run.id,
      reason,
      note: emptyToNull(body.note),
      sessionId: viewer?.kind === 'session' ? viewer.sessionId : run.sessionId,
      visitorId: viewer?.kind === 'session' ? viewer.visitorId : null,
      caller: this.deps.surface === 'share' ? 'visitor' : viewer?.kind === 'owner' ? 'window' : 'page',
      createdAt: Date.now(),
    });
    if (flag === null) throw runNotFound(run.id);
    sendJson(rc.res, 200, { id: flag.id, runId: run.id, reason: flag.reason, note: flag.note, createdAt: flag.createdAt }, NO_STORE);
  }

  exportFlags(rc: RequestContext): void {
    if (!isHistoryOwner(rc.req, this.deps)) {
      throw new HttpError(
        401,
        'Only the owner of this demo exports its flags: open it from demo-desktop, or send the admin token as "Authorization: Bearer <token>".',
      );
    }
    const format = rc.query.get('format') ?? 'jsonl';
    if (format !== 'csv' && format !== 'jsonl') {
      throw new HttpError(
        400,
        `format must be csv or jsonl (for a Hugging Face datasets folder use \`demo-desktop flags export --format hf\`); got ${JSON.stringify(format)}.`,
      );
    }
    const rows = this.flags.allFlags(this.history.project).flatMap((flag) => {
      const run = this.runs.get(flag.runId);
      return run ? [flagExportRow(flag, run, this.deps.engine.app)] : [];
    });
    const csv = format === 'csv';
    sendText(
      rc.res,
      200,
      csv ? flagsCsv(rows) : flagsJsonl(rows),
      csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      {
        'Content-Disposition': `attachment; filename="flags.${format}"`,
      },
    );
  }

  private viewer(rc: RequestContext, sessionHash: string | null | undefined): HistoryViewer | null {
    return historyViewer(rc.req, this.deps, sessionHash);
  }

  private visibleRun(rc: RequestContext, viewer: HistoryViewer | null): RunRow {
    const id = rc.params.id ?? '';
    if (!RUN_ID.test(id)) throw runNotFound(id.slice(0, 40));
    const run = this.runs.get(id);
    if (!run || viewer === null || !mayView(viewer, run, this.history.project)) throw runNotFound(id);
    return run;
  }

  /** A run the page just saw finish may still wait for its write batch: commit what is queued and look again. */
  private async visibleRunSoon(rc: RequestContext, viewer: HistoryViewer | null): Promise<RunRow> {
    try {
      return this.visibleRun(rc, viewer);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      await this.history.store.writer.flush();
      return this.visibleRun(rc, viewer);
    }
  }

  private fileUrl(rc: RequestContext, run: RunRow, file: StoredFileRef, viewer: HistoryViewer | null): string {
    const session = viewer?.kind === 'session' ? `?session_hash=${encodeURIComponent(viewer.sessionHash)}` : '';
    return `${rc.root}/api/history/runs/${encodeURIComponent(run.id)}/files/${file.$file}${session}`;
  }
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function emptyToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function findRef(run: RunRow, sha: string): StoredFileRef | null {
  if (!run.files.includes(sha)) return null;
  let found: StoredFileRef | null = null;
  const visit = (value: unknown): void => {
    if (found) return;
    if (typeof value === 'object' && value !== null && (value as { $file?: unknown }).$file === sha) found = value as StoredFileRef;
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit([run.inputs, run.outputs]);
  return found;
}

export function registerHistoryRoutes(router: Router, deps: HistoryRouteDeps): void {
  const { history } = deps;
  if (!history) {
    router.add('GET', /^\/api\/history\/?$/, (rc) => sendJson(rc.res, 200, { enabled: false, owner: false, flagging: null }, NO_STORE));
    return;
  }
  const routes = new HistoryRoutes(deps, history);
  router.add('GET', /^\/api\/history\/?$/, (rc) => routes.info(rc));
  router.add('GET', /^\/api\/history\/runs\/?$/, (rc) => routes.list(rc));
  router.add('GET', /^\/api\/history\/flags\/export\/?$/, (rc) => routes.exportFlags(rc));
  router.add('GET', new RegExp(`${RUN_PATH}/?$`), (rc) => routes.one(rc));
  router.add(['GET', 'HEAD'], new RegExp(`${RUN_PATH}/files/(?<sha>[^/]+)$`), (rc) => routes.file(rc));
  router.add('POST', new RegExp(`${RUN_PATH}/restore/?$`), (rc) => routes.restore(rc));
  router.add('POST', new RegExp(`${RUN_PATH}/flags/?$`), (rc) => routes.flag(rc));
}
