import { useCallback, useEffect, useRef, useState } from 'react';
import { REPLACE_DOCUMENT } from '../actions/editor-actions.js';
import type { EditorState, JsonObject } from '../state/editor-state.js';
import type { Dispatch } from '../store/dispatch.js';
import { useBeforeUnload } from '../shell/use-page-guards.js';
import { parseErrorPosition, type TextPosition } from './json-lines.js';

/** How long typing pauses before the text is parsed and becomes the document. */
export const JSON_DEBOUNCE_MS = 350;

export interface JsonParseError extends TextPosition {
  readonly message: string;
}

export const formatDocument = (doc: JsonObject): string => JSON.stringify(doc, null, 2);

/** The text, parsed: the document, or where and why it is not one. */
export function parseJsonText(text: string): { doc: JsonObject } | { error: JsonParseError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // The position is shown as a line; the engine's "in JSON at position 66 (line 3 column 16)" goes.
    const message = raw
      .replace(/\s+in JSON at position \d+.*$/s, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/ at line \d+ column \d+ of the JSON data$/, '');
    return { error: { ...parseErrorPosition(raw, text), message } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: { line: 1, column: 1, message: 'The project must be one JSON object: { "version": 1, ... }.' } };
  }
  return { doc: value as JsonObject };
}

/**
 * The JSON view's text, in sync both ways: edits elsewhere (the canvas, undo) replace the text;
 * typed text is parsed after a pause (or on blur) and, when it parses to a different document,
 * replaces the document as one undoable edit (typing bursts coalesce into one step).
 */
export function useJsonText(state: EditorState, dispatch: Dispatch) {
  const [text, setText] = useState(() => formatDocument(state.doc));
  const [parseError, setParseError] = useState<JsonParseError | null>(null);
  /** Typed text not parsed yet: closing the tab now would lose it, so the page asks first. */
  const [typing, setTyping] = useState(false);
  useBeforeUnload(typing);
  /** The document the text stands for; another one in the state means someone else edited. */
  const synced = useRef(state.doc);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; text: string } | null>(null);
  const latestDoc = useRef(state.doc);
  latestDoc.current = state.doc;

  useEffect(() => {
    if (state.doc === synced.current) return;
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    setTyping(false);
    synced.current = state.doc;
    setText(formatDocument(state.doc));
    setParseError(null);
  }, [state.doc]);

  const commit = useCallback(
    (value: string) => {
      const parsed = parseJsonText(value);
      if ('error' in parsed) {
        setParseError(parsed.error);
        return;
      }
      setParseError(null);
      // Only white space changed: the document (and the undo history) stay as they are.
      if (JSON.stringify(parsed.doc) === JSON.stringify(latestDoc.current)) return;
      synced.current = parsed.doc;
      dispatch(REPLACE_DOCUMENT, parsed.doc, { coalesce: 'json-view' });
    },
    [dispatch],
  );

  const flush = useCallback(() => {
    const waiting = pending.current;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    pending.current = null;
    setTyping(false);
    commit(waiting.text);
  }, [commit]);

  const change = useCallback(
    (value: string) => {
      setText(value);
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = { text: value, timer: setTimeout(flush, JSON_DEBOUNCE_MS) };
      setTyping(true);
    },
    [flush],
  );

  // Leaving the view (or the page) keeps what was typed.
  useEffect(() => flush, [flush]);

  return { text, parseError, change, flush };
}
