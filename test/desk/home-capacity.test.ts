/**
 * The latest `demo-desktop tune` report as the app shows it, on the desk's real server and a real
 * SQLite store in its data folder: the home screen's recent list carries each tuned event's
 * capacity statement (stale once project.json changes), and the editor's /tune-report answers
 * the event's whole report; both behind the session like the rest of their API.
 */
import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { saveTuneReports } from '../../main/store/tune-reports.js';
import type { TuneReportResponse } from '../../preload/shared/editor/editor-api.js';
import type { HomeRecentProject } from '../../preload/shared/home/home-api.js';
import { pageApi, raw } from '../server/support/raw-http.js';
import { aReport } from '../store/tune-fixture.js';
import { copyExample, homeApi, signIn, startTestDesk, type TestDesk } from './support.js';

describe('capacity on the home card and in the editor (real desk, real store)', () => {
  let t: TestDesk;
  let cookie: string;
  let tuned: string;
  let plain: string;

  beforeAll(async () => {
    t = await startTestDesk();
    cookie = await signIn(t);
    tuned = await copyExample('greet', t.workDir, 'tuned');
    plain = await copyExample('greet', t.workDir, 'plain');
    await saveTuneReports({
      dataDir: t.dataDir,
      logger: silentLogger,
      projectFile: tuned,
      reports: [aReport('predict')],
      measuredAt: new Date('2026-12-01T10:00:00Z'),
    });
    for (const file of [plain, tuned]) expect((await homeApi(t, cookie, 'open', { path: file })).status).toBe(200);
  });
  afterAll(() => t.close());

  const recent = async (): Promise<HomeRecentProject[]> =>
    ((await homeApi(t, cookie, 'recent')).json as { projects: HomeRecentProject[] }).projects;

  it('lists the tuned project with its statement and figures, the other with none', async () => {
    const projects = await recent();
    expect(projects.map((p) => [p.path, p.capacity.length])).toEqual([
      [tuned, 1],
      [plain, 0],
    ]);
    expect(projects[0]?.capacity[0]).toEqual({
      event: 'predict',
      measuredAt: '2026-12-01T10:00:00.000Z',
      stale: false,
      requestsPerMinute: 600,
      p95Ms: 120,
      burst: 100,
      burstWaitMs: 10_000,
      statement: '/predict serves ~600 requests/minute at p95 ≤ 120 ms on this machine; a burst of 100 users waits up to 10 s.',
    });
  });

  it('marks the statement stale once project.json changed since the tune', async () => {
    await appendFile(tuned, '\n');
    expect((await recent())[0]?.capacity[0]?.stale).toBe(true);
  });

  it("answers the editor's /tune-report with the event's report (null for another event or project), only with the session", async () => {
    const ask = (body: unknown, withCookie = cookie) =>
      pageApi({ port: t.port, origin: t.desk.origin, cookie: withCookie, path: '/api/editor/tune-report', body });
    const found = (await ask({ path: tuned, event: 'predict' })).json as TuneReportResponse;
    expect(found.report?.report).toEqual(aReport('predict'));
    expect(found.report?.stale).toBe(true);
    expect(((await ask({ path: tuned, event: 'other' })).json as TuneReportResponse).report).toBeNull();
    expect(((await ask({ path: plain, event: 'predict' })).json as TuneReportResponse).report).toBeNull();
    const anonymous = await raw({ port: t.port, path: '/api/home/recent' });
    expect(anonymous.status).toBe(401);
    expect((await ask({ path: tuned, event: 'predict' }, 'demo_desktop_editor_0=guess')).status).toBe(401);
  });
});
