import { useEffect, useRef, useState } from 'react';
import type { PreviewResponse } from '../../../preload/shared/editor/editor-api.js';
import type { EditorClient } from '../api/editor-client.js';
import type { JsonObject } from '../state/editor-state.js';

/** How long edits pause before the preview reloads them (a label typed letter by letter: one reload). */
export const PREVIEW_DEBOUNCE_MS = 600;

export type PreviewState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading'; readonly last: PreviewResponse | null; readonly revision: number }
  | { readonly phase: 'ready'; readonly response: PreviewResponse; readonly revision: number }
  | { readonly phase: 'failed'; readonly message: string; readonly revision: number };

/**
 * While the preview is shown, sends the document (unsaved, as it is) to POST /preview: at once
 * when it opens, then after each pause in editing. A newer document aborts the request of an older
 * one. `revision` counts the answers, so the iframe reloads the page for each.
 */
export function usePreview(client: EditorClient, doc: JsonObject, active: boolean): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ phase: 'idle' });
  const revision = useRef(0);
  const sentOnce = useRef(false);
  useEffect(() => {
    if (!active) {
      sentOnce.current = false;
      return undefined;
    }
    const controller = new AbortController();
    const send = (): void => {
      setPreview((current) => ({
        phase: 'loading',
        last: current.phase === 'ready' ? current.response : null,
        revision: revision.current,
      }));
      client.preview(doc, controller.signal).then(
        (response) => {
          revision.current += 1;
          setPreview({ phase: 'ready', response, revision: revision.current });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setPreview({ phase: 'failed', message: error instanceof Error ? error.message : String(error), revision: revision.current });
        },
      );
    };
    const timer = setTimeout(send, sentOnce.current ? PREVIEW_DEBOUNCE_MS : 0);
    sentOnce.current = true;
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, doc, active]);
  return preview;
}

/** "Restarted: model sentiment, module greet.js", or that the reload restarted nothing. */
export function restartedNote(restarted: PreviewResponse['restarted']): string {
  const parts = [...restarted.models.map((name) => `model ${name}`), ...restarted.modules.map((name) => `module ${name}`)];
  return parts.length > 0 ? `Restarted: ${parts.join(', ')}` : 'Restarted: nothing (the page alone changed)';
}
