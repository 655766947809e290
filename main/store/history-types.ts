/** Who made a run (docs/store.md): the app's window, the runner page, a share-link visitor, another client. */
export const CALLER_KINDS = ['window', 'page', 'visitor', 'api'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

export const RUN_OUTCOMES = ['completed', 'failed', 'cancelled'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** A file inside a stored value: its bytes are in ContentFiles under `$file` (SHA-256). */
export interface StoredFileRef {
  readonly $file: string;
  readonly name: string;
  readonly mime: string | null;
  readonly size: number;
}

/** One finished job as history keeps it. Times are Unix epoch milliseconds. */
export interface RunRecord {
  /** The job id the client saw (event_id). */
  readonly id: string;
  /** The project.json's real path. */
  readonly project: string;
  readonly eventIndex: number;
  readonly apiName: string;
  readonly sessionId: string;
  /** The share gate's visitor id; null for local callers. */
  readonly visitorId: string | null;
  readonly caller: CallerKind;
  readonly outcome: RunOutcome;
  readonly error: string | null;
  readonly queuedAt: number;
  /** Null when it never started (cancelled or failed while queued). */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The inputs as the client sent them (Gradio values), files replaced by StoredFileRef. */
  readonly inputs: readonly unknown[];
  /** The outputs as the client got them, files replaced by StoredFileRef; null unless completed. */
  readonly outputs: readonly unknown[] | null;
}

/** A run read back: the record plus its storage facts. */
export interface RunRow extends RunRecord {
  /** Insertion order; larger is newer. */
  readonly seq: number;
  /** The files its values reference (SHA-256), each once. */
  readonly files: readonly string[];
}

export interface HistoryQuery {
  readonly project: string;
  readonly sessionId?: string;
  readonly visitorId?: string;
  /** An event index or its api_name. */
  readonly event?: number | string;
  readonly outcome?: RunOutcome;
  readonly caller?: CallerKind;
  /** queued_at >= since (ms). */
  readonly since?: number;
  /** queued_at < until (ms). */
  readonly until?: number;
  /** Case-insensitive substring of the text in the inputs or outputs. */
  readonly text?: string;
  /** true: only runs with at least one flag (the History panel's "flagged" filter); false or absent: any run. */
  readonly flagged?: boolean;
  /** Default 50, at most 500. */
  readonly limit?: number;
  /** Paging: runs older than this run (the last id of the previous page). */
  readonly beforeId?: string;
}
