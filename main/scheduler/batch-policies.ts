import { AdaptiveBatchPolicy } from './adaptive-batch-policy.js';
import type { BatchPolicy } from './batch-policy.js';

/** The batch policy of each batch key, made on first use (SchedulerOptions.batchPolicy; default: adaptive). */
export class BatchPolicies {
  private readonly byKey = new Map<string, BatchPolicy>();
  /** `of`, bound once (planRun takes it for every batch it plans). */
  readonly lookup = (key: string): BatchPolicy => this.of(key);

  constructor(private readonly make: ((key: string) => BatchPolicy) | undefined) {}

  of(key: string): BatchPolicy {
    let policy = this.byKey.get(key);
    if (!policy) {
      policy = this.make?.(key) ?? new AdaptiveBatchPolicy();
      this.byKey.set(key, policy);
    }
    return policy;
  }
}
