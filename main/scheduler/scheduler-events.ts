/**
 * What the scheduler reports as work moves: the typed event stream that metrics, the server
 * (admin/metrics routes) and the UI subscribe to. Times are in ms.
 */
// A type alias, not an interface: TypedEvents needs an index-compatible record.
export type SchedulerEvents = {
  queued: { readonly jobId: string; readonly key: string; readonly groupId: string; readonly sessionId: string };
  started: { readonly jobIds: readonly string[]; readonly key: string; readonly groupId: string; readonly waitMs: readonly number[] };
  finished: {
    readonly jobId: string;
    readonly key: string;
    readonly outcome: 'completed' | 'failed' | 'cancelled';
    /** Time in the queue, or null if it never left it. */
    readonly waitMs: number | null;
    /** Run time of its run (batch), or null if it never ran. */
    readonly runMs: number | null;
    /** How many jobs shared its run (1 when unbatched, 0 if it never ran). */
    readonly batchSize: number;
  };
};
