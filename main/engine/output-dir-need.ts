import type { FunctionDefinition } from '../../preload/shared/project/schema-functions.js';

/**
 * Whether running function `name` may write into the run's output folder (`ctx.outputDir`): only
 * a JS function does, itself or as a member of a parallel or chain (a batch copies files only from
 * that folder too). A model function never gets the folder, so a run of one needs none: no folder
 * name drawn, nothing to remove when it is over (issue 17: an existence check per request).
 */
export function usesOutputDir(functions: Readonly<Record<string, FunctionDefinition>>, name: string, seen = new Set<string>()): boolean {
  const fn = functions[name];
  // An unknown name is the runner's error to report (kept as "may write"); a cycle is the project check's.
  if (!fn) return true;
  if (seen.has(name)) return false;
  seen.add(name);
  switch (fn.kind) {
    case 'js':
      return true;
    case 'model':
      return false;
    case 'parallel':
    case 'chain':
      return fn.functions.some((member) => usesOutputDir(functions, member, seen));
  }
}
