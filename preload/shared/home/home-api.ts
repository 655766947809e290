import { z } from 'zod';
import { recentProject, template } from '../editor/editor-api.js';
import { capacity } from '../tune/tune-report.js';

/**
 * The home screen's HTTP API (`/api/home/*`) and the desk's hand-off route (`/api/desk/open`),
 * shared by the server (main/server/home/) and the home page (renderer/home/): one zod schema per
 * request and answer. The home routes are local-only and need the session cookie of the desk's
 * server (the same one the editor page uses) or the Electron window's per-launch header; the
 * hand-off route needs the secret of the desk's instance file instead. docs/home.md lists them.
 *
 * Errors travel as `{ detail }` with an HTTP status (400 a bad request or a project that does not
 * load, 401 no session, 403 refused: not local, foreign Host or Origin, wrong instance secret,
 * 404 no such file or template).
 */

export const HOME_API = '/api/home';
/** The home page: `GET /home?token=...` once, then `GET /home`. */
export const HOME_PAGE = '/home';
export const DESK_API = '/api/desk';
/** The header that carries the instance file's secret on `POST /api/desk/open`. */
export const INSTANCE_HEADER = 'x-demo-desktop-instance';

/** An event's latest capacity statement (`demo-desktop tune`'s report, preload/shared/tune/tune-report.ts). */
export const projectCapacity = capacity.extend({
  event: z.string(),
  /** ISO time it was measured. */
  measuredAt: z.string(),
  /** project.json changed since (null: the file cannot be read). */
  stale: z.boolean().nullable(),
});
export type ProjectCapacity = z.infer<typeof projectCapacity>;

/** A recent project with the latest capacity of each tuned event (empty when never tuned). */
export const homeRecentProject = recentProject.extend({ capacity: z.array(projectCapacity) });
export type HomeRecentProject = z.infer<typeof homeRecentProject>;

/** GET /recent: newest first, at most 20; `missing` marks files that are gone. */
export const homeRecentResponse = z.object({ projects: z.array(homeRecentProject) });
/** POST /recent/forget → homeRecentResponse. */
export const homeForgetRequest = z.object({ path: z.string().min(1) });

/** How a template fares on this machine (main/home/hardware-check.ts). */
export const hardwareVerdict = z.enum(['good', 'slow', 'no']);
export type HardwareVerdict = z.infer<typeof hardwareVerdict>;

export const hardwareCheck = z.object({
  verdict: hardwareVerdict,
  /** "Runs well here", "May be slow: …", "Will not run: …". */
  summary: z.string(),
  /** Every reason behind the verdict, one sentence each (empty when it runs well). */
  reasons: z.array(z.string()),
  /** What the estimate is based on: model sizes, the memory it needs, the device it would use. */
  details: z.array(z.string()),
});
export type HardwareCheck = z.infer<typeof hardwareCheck>;

export const homeTemplate = template.extend({ check: hardwareCheck });
export type HomeTemplate = z.infer<typeof homeTemplate>;
/** GET /templates: the examples to start from, each with its hardware check. */
export const homeTemplatesResponse = z.object({ templates: z.array(homeTemplate) });

const bytes = z.number().int().nonnegative();

export const machineGpu = z.object({
  id: z.string(),
  name: z.string(),
  vendor: z.string(),
  memoryTotalBytes: bytes.nullable(),
  memoryFreeBytes: bytes.nullable(),
});

export const machineProvider = z.object({
  /** onnxruntime's name: cpu, cuda, webgpu, dml, coreml, … */
  name: z.string(),
  /** A test session really ran on it (true), failed (false), or it was not tried (null). */
  usable: z.boolean().nullable(),
  reason: z.string(),
});

/** GET /machine: this computer, as the hardware checks see it. */
export const machineResponse = z.object({
  platform: z.string(),
  arch: z.string(),
  cpu: z.object({ model: z.string(), cores: z.number().int().positive() }),
  memory: z.object({ totalBytes: bytes, freeBytes: bytes }),
  gpus: z.array(machineGpu),
  providers: z.array(machineProvider),
  /** Why a probe found nothing (no nvidia-smi, …): one line each. */
  notes: z.array(z.string()),
});
export type MachineInfo = z.infer<typeof machineResponse>;

/** How the desk showed a window (main/desk/window-host.ts ShownIn). */
export const shownIn = z.enum(['electron', 'app-window', 'browser', 'printed']);

/** POST /open {path} → opened: serves the project (once per file) and shows its window. */
export const homeOpenRequest = z.object({ path: z.string().min(1) });
export const openedResponse = z.object({
  /** The project's served URL (or the editor's page). */
  url: z.string(),
  name: z.string(),
  shownIn,
});
export type Opened = z.infer<typeof openedResponse>;
/** POST /templates/open {template} → opened: runs the example itself. POST /templates/edit → opened: the editor on a copy. */
export const homeTemplateRequest = z.object({ template: z.string().min(1) });

/** POST /api/desk/open (header INSTANCE_HEADER): what `demo-desktop open` / `demo-desktop` hand to a running desk. */
export const deskOpenRequest = z.union([z.strictObject({ path: z.string().min(1) }), z.strictObject({ home: z.literal(true) })]);
export type DeskOpenRequest = z.infer<typeof deskOpenRequest>;
export const deskOpenResponse = openedResponse;

/** `<dataDir>/instance.json` (mode 0600): how a second `demo-desktop` finds the running desk. */
export const instanceFile = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  /** `http://127.0.0.1:PORT` of the desk's server. */
  origin: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
  /** base64url of 32 random bytes; sent as INSTANCE_HEADER. */
  secret: z.string().min(32),
});
export type InstanceFile = z.infer<typeof instanceFile>;
