import type { Project } from '../../preload/shared/project/schema.js';
import { AdaptiveBatchPolicy } from '../scheduler/adaptive-batch-policy.js';
import { noWaitPolicy, staticWindowPolicy, type BatchPolicy } from '../scheduler/batch-policy.js';

/** project.json `queue.batching` → a fresh policy per batched event. */
export function batchPolicyFactory(batching: Project['queue']['batching']): () => BatchPolicy {
  switch (batching.policy) {
    case 'none':
      return noWaitPolicy;
    case 'static':
      return () => staticWindowPolicy(batching.windowMs);
    case 'adaptive':
      return () => new AdaptiveBatchPolicy({ targetMs: batching.targetMs, maxWindowMs: batching.maxWindowMs });
  }
}
