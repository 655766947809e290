import path from 'node:path';
import type { Project } from '../../preload/shared/project/schema.js';
import { stableJson } from '../common/stable-json.js';

/**
 * What a function's run time depends on: its definition, every function it runs (parallel and
 * chain members), the models they call and the JS modules they load (absolute paths). Two projects
 * that give an event's function the same fingerprint run it the same way, so the run times measured
 * before an edit still hold after it; a different one means they say nothing about it.
 */
export interface FunctionFingerprint {
  readonly key: string;
  /** Absolute paths of the JS modules it loads. */
  readonly modules: ReadonlySet<string>;
}

export function functionFingerprint(project: Project, dir: string, name: string): FunctionFingerprint {
  const functions: Record<string, unknown> = {};
  const models: Record<string, unknown> = {};
  const modules = new Set<string>();
  const visit = (fnName: string): void => {
    if (Object.hasOwn(functions, fnName)) return;
    const fn = project.functions[fnName];
    functions[fnName] = fn ?? null;
    if (!fn) return;
    if (fn.kind === 'model') models[fn.model] = project.models[fn.model] ?? null;
    else if (fn.kind === 'js') modules.add(path.resolve(dir, fn.module));
    else fn.functions.forEach(visit);
  };
  visit(name);
  return { key: stableJson({ name, functions, models, modules: [...modules].sort(), dir }), modules };
}
