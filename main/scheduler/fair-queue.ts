/**
 * The waiting line of one concurrency group, with two promises:
 * - priority: `high` jobs (the app's own window) leave before any `normal` job (API callers and
 *   share-link visitors), FIFO among themselves;
 * - fairness: `normal` jobs are served round-robin across sessions, FIFO within a session, so one
 *   session that submits 100 jobs cannot make everyone else wait behind all of them.
 * With a single session and one priority this is exactly Gradio's FIFO.
 *
 * Invariant: every job is in exactly one list; `order()` is the order `shift()` would produce.
 */

export interface FairItem {
  readonly sessionId: string;
  readonly priority: 'high' | 'normal';
}

export class FairQueue<J extends FairItem> {
  private readonly high: J[] = [];
  /** Session → its FIFO; Map order is the rotation order (the next session to serve comes first). */
  private readonly sessions = new Map<string, J[]>();
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(job: J): void {
    this.size++;
    if (job.priority === 'high') {
      this.high.push(job);
      return;
    }
    const line = this.sessions.get(job.sessionId);
    if (line) line.push(job);
    else this.sessions.set(job.sessionId, [job]);
  }

  shift(): J | undefined {
    const next = this.order(1)[0];
    if (next) this.remove(next);
    return next;
  }

  remove(job: J): boolean {
    if (job.priority === 'high') return this.removeFrom(this.high, job);
    const line = this.sessions.get(job.sessionId);
    if (!line || !this.removeFrom(line, job)) return false;
    // The served session goes to the back of the rotation; an emptied one leaves it.
    this.sessions.delete(job.sessionId);
    if (line.length > 0) this.sessions.set(job.sessionId, line);
    return true;
  }

  /** The next `limit` jobs in the order they would leave. */
  order(limit = Number.POSITIVE_INFINITY): J[] {
    const out = this.high.slice(0, limit);
    // The sessions still holding a job at `depth`, in rotation order. A line that runs out leaves
    // at once, so this costs O(sessions + jobs returned), not O(sessions × the longest line).
    const lines = [...this.sessions.values()];
    for (let depth = 0; out.length < limit && lines.length > 0; depth++) {
      let kept = 0;
      for (const line of lines) {
        const job = line[depth];
        if (job === undefined) continue;
        out.push(job);
        if (out.length >= limit) return out;
        // Compacts in place: writes only at or behind the element being read.
        if (line.length > depth + 1) lines[kept++] = line;
      }
      lines.length = kept;
    }
    return out;
  }

  private removeFrom(list: J[], job: J): boolean {
    const index = list.indexOf(job);
    if (index < 0) return false;
    list.splice(index, 1);
    this.size--;
    return true;
  }
}
