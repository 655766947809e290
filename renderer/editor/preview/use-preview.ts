import { useEffect, useRef, useState } from 'react';
import type { DocumentSource, PreviewResponse } from '../../../preload/shared/editor/editor-api.js';
import type { EditorClient } from '../api/editor-client.js';
import type { JsonObject } from '../state/editor-state.js';

/** How long edits pause before the preview reloads them (a label typed letter by letter: one reload). */
export const PREVIEW_DEBOUNCE_MS = 600;

export type PreviewState =
  | { readonly phase: 'loading'; readonly last: PreviewResponse | null }
  | { readonly phase: 'ready'; readonly response: PreviewResponse }
  | { readonly phase: 'failed'; readonly message: string; readonly last: PreviewResponse | null };

const lastOf = (state: PreviewState): PreviewResponse | null => (state.phase === 'ready' ? state.response : state.last);

/**
 * While the preview is shown (`active`), sends the document (unsaved, as it is) to POST /preview:
 * at once when it opens or comes back after a change, then after each pause in editing. A newer
 * document aborts the request of an older one. The answer's `revision` tells the frame when to
 * reload its page. Hidden, it sends nothing; shown again unchanged, it keeps the page as it was.
 */
export function usePreview(client: EditorClient, doc: JsonObject, source: DocumentSource, active: boolean): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ phase: 'loading', last: null });
  const sentOnce = useRef(false);
  const sent = useRef<{ doc: JsonObject; source: DocumentSource } | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    if (sent.current?.doc === doc && sent.current.source === source) return undefined;
    const controller = new AbortController();
    let answered = false;
    const send = (): void => {
      setPreview((current) => ({ phase: 'loading', last: lastOf(current) }));
      sent.current = { doc, source };
      client.preview(doc, source, controller.signal).then(
        (response) => {
          answered = true;
          setPreview({ phase: 'ready', response });
        },
        (error: unknown) => {
          answered = true;
          if (controller.signal.aborted) return;
          sent.current = null;
          const message = error instanceof Error ? error.message : String(error);
          setPreview((current) => ({ phase: 'failed', message, last: lastOf(current) }));
        },
      );
    };
    const timer = setTimeout(send, sentOnce.current ? PREVIEW_DEBOUNCE_MS : 0);
    sentOnce.current = true;
    return () => {
      clearTimeout(timer);
      // Cut off before its answer: the server may not have it, so it counts as not sent.
      if (!answered && sent.current?.doc === doc) sent.current = null;
      controller.abort();
    };
  }, [client, doc, source, active]);
  return preview;
}

/** "Restarted: model sentiment, module greet.js", or that the reload restarted nothing. */
export function restartedNote(restarted: PreviewResponse['restarted']): string {
  const parts = [...restarted.models.map((name) => `model ${name}`), ...restarted.modules.map((name) => `module ${name}`)];
  return parts.length > 0 ? `Restarted: ${parts.join(', ')}` : 'Restarted: nothing (the page alone changed)';
}
