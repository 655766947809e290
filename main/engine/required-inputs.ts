import type { Project } from '../../preload/shared/project/schema.js';

/**
 * Whether a function hands its inputs straight to a model: a model function, a parallel with a
 * model among its members, or a chain whose first member does. A model cannot run on a missing
 * image, so the page asks for one before calling (/config `required_inputs`); a JS function may
 * treat a missing value as it likes, so its inputs are never required.
 */
export function modelTakesInputs(functions: Project['functions'], name: string, seen: ReadonlySet<string> = new Set()): boolean {
  const fn = functions[name];
  if (!fn || seen.has(name)) return false;
  const next = new Set(seen).add(name);
  switch (fn.kind) {
    case 'model':
      return true;
    case 'js':
      return false;
    case 'parallel':
      return fn.functions.some((member) => modelTakesInputs(functions, member, next));
    case 'chain':
      return fn.functions[0] !== undefined && modelTakesInputs(functions, fn.functions[0], next);
  }
}
