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
 * While the preview is shown, sends the document (unsaved, as it is) to POST /preview: at once
 * when it opens, then after each pause in editing. A newer document aborts the request of an older
 * one. The answer's `revision` tells the frame when to reload its page.
 */
export function usePreview(client: EditorClient, doc: JsonObject, source: DocumentSource): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ phase: 'loading', last: null });
  const sentOnce = useRef(false);
  useEffect(() => {
    const controller = new AbortController();
    const send = (): void => {
      setPreview((current) => ({ phase: 'loading', last: lastOf(current) }));
      client.preview(doc, source, controller.signal).then(
        (response) => setPreview({ phase: 'ready', response }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          setPreview((current) => ({ phase: 'failed', message, last: lastOf(current) }));
        },
      );
    };
    const timer = setTimeout(send, sentOnce.current ? PREVIEW_DEBOUNCE_MS : 0);
    sentOnce.current = true;
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, doc, source]);
  return preview;
}

/** "Restarted: model sentiment, module greet.js", or that the reload restarted nothing. */
export function restartedNote(restarted: PreviewResponse['restarted']): string {
  const parts = [...restarted.models.map((name) => `model ${name}`), ...restarted.modules.map((name) => `module ${name}`)];
  return parts.length > 0 ? `Restarted: ${parts.join(', ')}` : 'Restarted: nothing (the page alone changed)';
}
