import { AppError } from '../../preload/shared/errors.js';

/**
 * How much memory the project's models may hold at once. Each model is charged what its workers
 * measured after loading (resident memory), or an estimate before the first load. Before a model
 * loads, `admit` makes room by unloading idle models, least recently used first, and refuses with
 * a clear error when even that is not enough: a demo that swaps itself to death helps nobody.
 *
 * Invariant: the sum of charges of loaded models stays ≤ budget, except for models admitted
 * with an estimate that turned out low (corrected by `charge` after the load).
 */

export interface BudgetMember {
  readonly name: string;
  /** Bytes it holds now (0 when unloaded). */
  readonly chargedBytes: number;
  /** Bytes it would need to load: its last measurement, or an estimate. */
  readonly neededBytes: number;
  readonly lastUsed: number;
  /** True while jobs run on it (it cannot be unloaded now). */
  readonly busy: boolean;
  unload(): Promise<void>;
}

export class MemoryBudget {
  constructor(readonly budgetBytes: number) {}

  /**
   * Makes room for `member` among `all`: unloads idle loaded models (LRU first) until it fits.
   * Throws MODEL_LOAD_FAILED when it cannot fit.
   */
  async admit(member: BudgetMember, all: readonly BudgetMember[]): Promise<void> {
    const others = all.filter((m) => m !== member);
    const used = (): number => others.reduce((sum, m) => sum + m.chargedBytes, 0);
    const fits = (): boolean => used() + member.neededBytes <= this.budgetBytes;
    if (fits()) return;
    const candidates = others.filter((m) => m.chargedBytes > 0 && !m.busy).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const victim of candidates) {
      await victim.unload();
      if (fits()) return;
    }
    const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
    const loaded = others.filter((m) => m.chargedBytes > 0).map((m) => `${m.name} ${mb(m.chargedBytes)}${m.busy ? ' (busy)' : ''}`);
    throw new AppError(
      'MODEL_LOAD_FAILED',
      `Model "${member.name}" needs about ${mb(member.neededBytes)}, but the memory budget is ${mb(this.budgetBytes)} ` +
        `and ${mb(used())} is held by models in use (${loaded.join(', ') || 'none'}). ` +
        'Try again when they are idle, give models idleUnloadSeconds, use fewer replicas, or raise memoryBudgetMb in project.json.',
    );
  }
}
