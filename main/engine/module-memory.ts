import { resolve } from 'node:path';
import type { Project } from '../../preload/shared/project/schema.js';

/**
 * The memory limit of each JS module's worker (absolute module path → MiB). Functions of one module
 * share one worker process, so a function's own `limits.memoryMb` is its module's: where several
 * functions of a module set one, the largest (no function is starved); where none does, the
 * project's `limits.memoryMb`.
 */
export function moduleMemoryMb(project: Project, projectDir: string): Map<string, number> {
  const own = new Map<string, number>();
  const modules = new Set<string>();
  for (const fn of Object.values(project.functions)) {
    if (fn.kind !== 'js') continue;
    const path = resolve(projectDir, fn.module);
    modules.add(path);
    const memoryMb = fn.limits?.memoryMb;
    if (memoryMb !== undefined) own.set(path, Math.max(memoryMb, own.get(path) ?? 0));
  }
  return new Map([...modules].map((path) => [path, own.get(path) ?? project.limits.memoryMb]));
}
