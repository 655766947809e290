import { AppError } from '../../preload/shared/errors.js';
import { checkProject } from '../../preload/shared/project/check.js';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { formatIssue } from '../../preload/shared/project/validation-error.js';
import type { LoadedProject } from '../project/load.js';

/**
 * The project a tune runs: the owner's project with its UI replaced by one event per trial setting
 * (the tuned event's function, inputs and outputs, its own concurrency group, limit and batch
 * size). One engine, and so one set of workers with the model loaded once, serves every trial of
 * a replica count, through the engine's public interface; the owner's file is never touched. The
 * queue has no maxSize (the load must never be refused), and idle unloading is off (a model must
 * not unload between trials).
 */

export interface TrialGrid {
  readonly concurrency: readonly number[];
  readonly batch: readonly number[];
}

export interface TrialProject {
  readonly loaded: LoadedProject;
  /** The trial project's event index of a setting of the grid. */
  eventIndex(concurrency: number, batch: number): number;
}

/** Models a function runs, through compositions (JS functions name none: their ctx.models are not known here). */
export function modelsOfFunction(project: Project, fn: string, seen = new Set<string>()): string[] {
  const definition = project.functions[fn];
  if (!definition || seen.has(fn)) return [];
  seen.add(fn);
  if (definition.kind === 'model') return [definition.model];
  if (definition.kind === 'js') return [];
  return [...new Set(definition.functions.flatMap((name) => modelsOfFunction(project, name, seen)))];
}

const trialApiName = (concurrency: number, batch: number): string => `tune_c${concurrency}_b${batch}`;

function trialUi(app: App, event: AppEvent, grid: TrialGrid): Record<string, unknown> {
  const keys = [...new Set([...event.inputs, ...event.outputs])];
  const children = keys.map((key) => {
    const component = app.components.get(key);
    if (!component) throw new AppError('INTERNAL', `Event "${event.apiName}" names component "${key}", which the app does not have.`);
    return { ...component.props, type: component.type, id: key };
  });
  const events = grid.batch.flatMap((batch) =>
    grid.concurrency.map((concurrency) => ({
      trigger: 'load',
      fn: event.fn,
      inputs: [...event.inputs],
      outputs: [...event.outputs],
      apiName: trialApiName(concurrency, batch),
      concurrencyId: trialApiName(concurrency, batch),
      concurrencyLimit: concurrency,
      // A function that already batches (a JS function taking lists) stays batched at size 1.
      batch: batch > 1 || event.batch,
      maxBatchSize: batch,
    })),
  );
  return { type: 'blocks', title: 'tune', children, events };
}

export function trialProject(loaded: LoadedProject, app: App, event: AppEvent, grid: TrialGrid, replicas: number): TrialProject {
  const json = structuredClone(loaded.project) as unknown as Record<string, unknown> & Project;
  const models = json.models as Record<string, Record<string, unknown>>;
  const used = new Set(modelsOfFunction(loaded.project, event.fn));
  for (const [name, model] of Object.entries(models)) {
    delete model.idleUnloadSeconds;
    if (used.has(name)) model.replicas = replicas;
  }
  json.ui = trialUi(app, event, grid) as unknown as Project['ui'];
  json.queue = { ...loaded.project.queue, maxSize: null };
  const checked = checkProject(json, loaded.file);
  if (!checked.project) {
    const first = checked.issues[0];
    throw new AppError(
      'INTERNAL',
      `The tune project for "${event.apiName}" is not valid: ${first ? formatIssue(first) : 'unknown problem'}`,
    );
  }
  const indices = new Map(checked.project.ui.type === 'blocks' ? checked.project.ui.events.map((e, i) => [e.apiName, i]) : []);
  return {
    loaded: { ...loaded, project: checked.project },
    eventIndex: (concurrency, batch) => {
      const index = indices.get(trialApiName(concurrency, batch));
      if (index === undefined) throw new AppError('INTERNAL', `No tune event for concurrency ${concurrency}, batch ${batch}.`);
      return index;
    },
  };
}
