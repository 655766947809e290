/**
 * The page's side of the history routes (docs/api.md, "History"). A page that is not the owner's
 * names its session (the Gradio client's session_hash): it sees that session's runs only.
 */

export interface HistoryInfo {
  readonly enabled: boolean;
  readonly owner: boolean;
  readonly flagging: { readonly mode: 'manual' | 'never'; readonly options: readonly string[] } | null;
}

export interface FlagSummary {
  readonly id: number;
  readonly reason: string | null;
  readonly note: string | null;
  readonly createdAt: number;
}

export interface RunSummary {
  readonly id: string;
  readonly event: string;
  readonly fnIndex: number;
  readonly outcome: 'completed' | 'failed' | 'cancelled';
  readonly error: string | null;
  readonly caller: string;
  readonly queuedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly durationMs: number | null;
  readonly preview: { readonly inputs: string; readonly outputs: string };
  readonly flags: readonly FlagSummary[];
}

export interface RunPage {
  readonly runs: readonly RunSummary[];
  readonly next: string | null;
}

export interface HistoryFilters {
  readonly text: string;
  /** An api_name, or '' for every event. */
  readonly event: string;
  readonly outcome: '' | 'completed' | 'failed' | 'cancelled' | 'flagged';
  /** How far back, in ms; 0 for any time. */
  readonly withinMs: number;
}

export const NO_FILTERS: HistoryFilters = { text: '', event: '', outcome: '', withinMs: 0 };

export interface Restored {
  readonly id: string;
  readonly fnIndex: number;
  readonly event: string;
  readonly data: readonly unknown[];
}

async function answer<T>(response: Response, what: string): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  let detail = '';
  try {
    const sent = ((await response.json()) as { detail?: unknown }).detail;
    detail = typeof sent === 'string' ? sent : '';
  } catch {
    // Not JSON: the status says enough.
  }
  throw new Error(detail || `${what} failed (${response.status}).`);
}

export class HistoryApi {
  constructor(
    private readonly baseUrl: string,
    private readonly session: () => string | undefined,
  ) {}

  async info(signal?: AbortSignal): Promise<HistoryInfo> {
    const response = await fetch(new URL('api/history', this.baseUrl), { signal: signal ?? null });
    return answer<HistoryInfo>(response, 'Loading history');
  }

  async list(filters: HistoryFilters, before: string | null, now: number, signal?: AbortSignal): Promise<RunPage> {
    const query = new URLSearchParams({ limit: '30' });
    const session = this.session();
    if (session) query.set('session_hash', session);
    if (filters.text.trim()) query.set('q', filters.text.trim());
    if (filters.event) query.set('event', filters.event);
    if (filters.outcome === 'flagged') query.set('flagged', '1');
    else if (filters.outcome) query.set('outcome', filters.outcome);
    if (filters.withinMs > 0) query.set('since', String(now - filters.withinMs));
    if (before) query.set('before', before);
    const response = await fetch(new URL(`api/history/runs?${query.toString()}`, this.baseUrl), { signal: signal ?? null });
    return answer<RunPage>(response, 'Loading history');
  }

  async restore(runId: string): Promise<Restored> {
    return this.post<Restored>(`api/history/runs/${encodeURIComponent(runId)}/restore`, {}, 'Loading the run');
  }

  async flag(runId: string, reason: string | null, note: string | null): Promise<FlagSummary> {
    return this.post<FlagSummary>(`api/history/runs/${encodeURIComponent(runId)}/flags`, { reason, note }, 'Flagging');
  }

  private async post<T>(path: string, body: Record<string, unknown>, what: string): Promise<T> {
    const session = this.session();
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, ...(session ? { session_hash: session } : {}) }),
    });
    return answer<T>(response, what);
  }
}
