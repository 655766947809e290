import { ConcurrencyGroup } from './concurrency-group.js';
import type { Group, Job, Run } from './line-types.js';

/**
 * The line's concurrency groups, by id and in creation order (groups are never removed), with the
 * round-robin cursor of claims that name no groups: one busy group cannot starve the others.
 */
export class LineGroups {
  /** In creation order. */
  readonly list: Group[] = [];
  private readonly byId = new Map<string, Group>();
  private cursor = 0;

  get(id: string): Group | undefined {
    return this.byId.get(id);
  }

  /** The group a job of `limit` joins, created on its first job (Gradio's limit rule: ConcurrencyGroup.join). */
  join(id: string, limit: number | null): Group {
    let group = this.byId.get(id);
    if (!group) {
      group = new ConcurrencyGroup<Job, Run>(id, limit);
      this.byId.set(id, group);
      this.list.push(group);
    } else {
      group.join(limit);
    }
    return group;
  }

  /** The listed groups that exist, in the order listed. */
  listed(ids: readonly string[]): Group[] {
    const groups: Group[] = [];
    for (const id of ids) {
      const group = this.byId.get(id);
      if (group) groups.push(group);
    }
    return groups;
  }

  /** The next group in the round-robin (there is at least one). */
  next(): Group {
    return this.list[this.cursor++ % this.list.length] as Group;
  }
}
