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
    const next = this.head();
    if (next) this.serve(next);
    return next;
  }

  /** Takes out a job that leaves to run: its session has had its turn and goes to the back of the rotation. */
  serve(job: J): boolean {
    return this.unlink(job, true);
  }

  /**
   * Takes out a job that leaves without running (a cancel): no turn, so its session keeps its
   * place in the rotation, as in the Redis queue (docs/scale-out.md).
   */
  remove(job: J): boolean {
    return this.unlink(job, false);
  }

  /**
   * How many jobs would leave before a job pushed now by `sessionId` at `priority` (its rank), in
   * O(sessions): a high job goes behind the high jobs; a normal one at depth k (the jobs its session
   * already has) comes after every session's first k jobs and after the sessions ahead of it in the
   * rotation that have a (k+1)th. A session with nothing waiting (or none given) joins the back of
   * the rotation.
   */
  rankFor(priority: FairItem['priority'], sessionId?: string): number {
    if (priority === 'high') return this.high.length;
    const depth = sessionId === undefined ? 0 : (this.sessions.get(sessionId)?.length ?? 0);
    let rank = this.high.length + depth;
    let ahead = true;
    for (const [id, line] of this.sessions) {
      if (id === sessionId) {
        ahead = false;
        continue;
      }
      rank += Math.min(line.length, depth) + (ahead && line.length > depth ? 1 : 0);
    }
    return rank;
  }

  /** The next `limit` jobs in the order they would leave. */
  order(limit = Number.POSITIVE_INFINITY): J[] {
    const out: J[] = [];
    if (limit <= 0) return out;
    this.inOrder((job) => out.push(job) < limit);
    return out;
  }

  /** The job that would leave next (`order(1)[0]`, without the array). */
  head(): J | undefined {
    if (this.high.length > 0) return this.high[0];
    for (const line of this.sessions.values()) if (line.length > 0) return line[0];
    return undefined;
  }

  /**
   * Visits the jobs in the order they would leave until `visit` returns false: the first k cost
   * O(k) (plus the sessions met on the way), so peeking at the head of a long line is cheap. No
   * iterator: a generator's step allocates its result, and the line is walked on every join and
   * every run (issue 17, session 28). Do not change the queue from `visit`.
   */
  inOrder(visit: (job: J) => boolean | undefined): void {
    for (const job of this.high) if (visit(job) === false) return;
    let deeper: J[][] | undefined;
    for (const line of this.sessions.values()) {
      const job = line[0];
      if (job === undefined) continue;
      if (visit(job) === false) return;
      if (line.length > 1) (deeper ??= []).push(line);
    }
    for (let depth = 1; deeper !== undefined && deeper.length > 0; depth++) {
      let kept = 0;
      for (const line of deeper) {
        if (visit(line[depth] as J) === false) return;
        // Compacts in place: writes only at or behind the element being read.
        if (line.length > depth + 1) deeper[kept++] = line;
      }
      deeper.length = kept;
    }
  }

  /** An emptied session leaves the rotation; a served one goes to its back. */
  private unlink(job: J, served: boolean): boolean {
    if (job.priority === 'high') return this.removeFrom(this.high, job);
    const line = this.sessions.get(job.sessionId);
    if (!line || !this.removeFrom(line, job)) return false;
    if (line.length === 0) {
      this.sessions.delete(job.sessionId);
    } else if (served) {
      this.sessions.delete(job.sessionId);
      this.sessions.set(job.sessionId, line);
    }
    return true;
  }

  private removeFrom(list: J[], job: J): boolean {
    const index = list.indexOf(job);
    if (index < 0) return false;
    list.splice(index, 1);
    this.size--;
    return true;
  }
}
