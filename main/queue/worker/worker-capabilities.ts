import { AppError } from '../../../preload/shared/errors.js';
import type { App } from '../../../preload/shared/project/normalize.js';
import type { Project } from '../../../preload/shared/project/schema.js';
import { modelsOf } from '../../engine/gpu-admission.js';

/**
 * What one worker can serve (issue 18, item 4): the concurrency groups whose every event it can run
 * with the models it has (`--models`) on its device (`--device`). A claim takes a group's head
 * whatever its event, so a group is served whole or not at all.
 */

/** `--device`: where this worker's models run. `cpu`: it has no GPU, so models pinned to `gpu` are not its. */
export const WORKER_DEVICES = ['auto', 'cpu', 'gpu'] as const;
export type WorkerDevice = (typeof WORKER_DEVICES)[number];

export interface WorkerScope {
  /** The models this worker has; undefined = every model of the project. */
  readonly models?: readonly string[];
  readonly device: WorkerDevice;
}

export interface ServedGroup {
  readonly id: string;
  /** The most runs of this group this worker holds at once: the lowest limit of its events (null = none). */
  readonly limit: number | null;
  /** Its events' api names (for the start line). */
  readonly events: readonly string[];
}

export interface SkippedGroup {
  readonly id: string;
  readonly reason: string;
}

export interface WorkerCapabilities {
  readonly served: readonly ServedGroup[];
  readonly skipped: readonly SkippedGroup[];
  /**
   * The project as this worker runs it: models it does not have (not in `--models`, or asking for a
   * GPU on a CPU worker) are never loaded eagerly (no download, no memory), and models on `auto`
   * run on the worker's device when it names one.
   */
  readonly project: Project;
}

/** Throws INVALID_INPUT when `--models` names a model the project does not have. */
export function checkModelNames(project: Pick<Project, 'models'>, models: readonly string[]): void {
  const known = Object.keys(project.models);
  const unknown = models.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const list = known.length > 0 ? known.join(', ') : 'none';
  throw new AppError(
    'INVALID_INPUT',
    `--models names ${unknown.map((name) => `"${name}"`).join(', ')}, not in this project (its models: ${list}).`,
  );
}

/** Why this worker cannot run `fn`, or undefined when it can. */
function unfit(project: Project, fn: string, scope: WorkerScope): string | undefined {
  for (const name of modelsOf(project, fn)) {
    if (scope.models && !scope.models.includes(name)) return `function "${fn}" uses model "${name}", not in --models`;
    if (scope.device === 'cpu' && project.models[name]?.device === 'gpu') {
      return `function "${fn}" uses model "${name}", which asks for a GPU (device "gpu"), and this worker is --device cpu`;
    }
  }
  return undefined;
}

function adjustedProject(project: Project, scope: WorkerScope): Project {
  const notMine = (name: string, device: string): boolean =>
    (scope.models !== undefined && !scope.models.includes(name)) || (scope.device === 'cpu' && device === 'gpu');
  const models = Object.fromEntries(
    Object.entries(project.models).map(([name, model]) => [
      name,
      {
        ...model,
        ...(notMine(name, model.device) ? { load: 'lazy' as const } : {}),
        ...(scope.device !== 'auto' && model.device === 'auto' ? { device: scope.device } : {}),
      },
    ]),
  );
  return { ...project, models };
}

export function workerCapabilities(project: Project, app: Pick<App, 'events'>, scope: WorkerScope): WorkerCapabilities {
  if (scope.models) checkModelNames(project, scope.models);
  const groups = new Map<string, { events: string[]; limit: number | null; reason?: string }>();
  for (const event of app.events) {
    const group = groups.get(event.concurrencyId) ?? { events: [], limit: null };
    groups.set(event.concurrencyId, group);
    group.events.push(event.apiName);
    const limit = event.concurrencyLimit;
    if (limit !== null) group.limit = group.limit === null ? limit : Math.min(group.limit, limit);
    group.reason ??= unfit(project, event.fn, scope);
  }
  const served: ServedGroup[] = [];
  const skipped: SkippedGroup[] = [];
  for (const [id, group] of groups) {
    if (group.reason !== undefined) {
      skipped.push({ id, reason: group.reason });
      continue;
    }
    served.push({ id, limit: group.limit, events: group.events });
  }
  return { served, skipped, project: adjustedProject(project, scope) };
}
