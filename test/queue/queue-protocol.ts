/**
 * Gradio's queue protocol spoken by hand (join, the session's SSE stream, cancel), for tests that
 * must choose which front each request reaches: @gradio/client sends them all to one base URL.
 */

export interface StreamMessage {
  readonly msg?: string;
  readonly event_id?: string;
  readonly success?: boolean;
  readonly output?: unknown;
}

export interface SessionStream {
  /** Resolves with the first message (read so far or to come) that `match` accepts. */
  next(match: (message: StreamMessage) => boolean): Promise<StreamMessage>;
  close(): void;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** The `fn_index` of `apiName` in the front's /config. */
export async function fnIndexOf(base: string, apiName: string): Promise<number> {
  const config = (await (await fetch(new URL('config', base))).json()) as { dependencies?: { id: number; api_name?: string | null }[] };
  const found = config.dependencies?.find((dependency) => dependency.api_name === apiName);
  if (!found) throw new Error(`${base} has no event ${apiName}`);
  return found.id;
}

/** POST queue/join on `base`; answers the event id. */
export async function join(base: string, session: string, fnIndex: number, data: unknown[]): Promise<string> {
  const body = { data, event_data: null, fn_index: fnIndex, trigger_id: null, session_hash: session };
  const answer = (await post(new URL('gradio_api/queue/join', base).href, body)) as { event_id?: string };
  if (typeof answer.event_id !== 'string') throw new Error(`join on ${base}: no event_id in ${JSON.stringify(answer)}`);
  return answer.event_id;
}

/** POST cancel on `base` for one event of the session. */
export async function cancel(base: string, session: string, fnIndex: number, eventId: string): Promise<void> {
  await post(new URL('gradio_api/cancel', base).href, { session_hash: session, fn_index: fnIndex, event_id: eventId });
}

/** GET queue/data on `base` for the session, read as it comes (messages kept, so none is missed between waits). */
export async function openStream(base: string, session: string): Promise<SessionStream> {
  const abort = new AbortController();
  const res = await fetch(new URL(`gradio_api/queue/data?session_hash=${session}`, base), {
    headers: { Accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`GET queue/data on ${base}: ${res.status}`);
  const seen: StreamMessage[] = [];
  const waiters: { match: (message: StreamMessage) => boolean; resolve: (message: StreamMessage) => void }[] = [];
  const deliver = (message: StreamMessage): void => {
    seen.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  };
  void (async () => {
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
        const data = pending
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        pending = pending.slice(end + 2);
        if (data) deliver(JSON.parse(data.slice(6)) as StreamMessage);
      }
    }
  })().catch(() => undefined);
  return {
    next: (match) => {
      const found = seen.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => abort.abort(),
  };
}
