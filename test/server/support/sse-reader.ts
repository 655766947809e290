/** Reads an SSE response as it arrives: each event's `id:`, `event:` and parsed `data:`. */

export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: unknown;
}

/**
 * Fetches `url` and hands each event to `onEvent` until it returns true (the response is then
 * aborted) or the stream ends. Resolves with every event read.
 */
export async function readSse(url: string, headers: Record<string, string>, onEvent: (event: SseEvent) => boolean): Promise<SseEvent[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.body) throw new Error(`no body from ${url}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string): string | undefined =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        const data = field('data');
        if (data === undefined) continue;
        const event: SseEvent = { id: field('id'), event: field('event'), data: JSON.parse(data) as unknown };
        events.push(event);
        if (onEvent(event)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return events;
    throw error;
  }
}
