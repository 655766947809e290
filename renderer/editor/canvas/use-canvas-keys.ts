import { useEffect, type KeyboardEvent, type RefObject } from 'react';
import type { PastePayload } from '../actions/block-add-actions.js';
import { copyText } from '../state/clipboard.js';
import type { EditorState } from '../state/editor-state.js';
import type { Dispatch } from '../store/use-editor.js';
import { canvasCommand } from './keymap.js';

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.userAgent);

/**
 * The canvas's keyboard: its keys while it has the focus (keymap.ts), and copy, cut and paste as
 * the browser's clipboard events, which carry the clipboard's text without a permission prompt.
 * They are listened to on the document (Chromium sends them to the body when nothing is selected)
 * and taken only while the focus is inside the canvas.
 */
export function useCanvasKeys(root: RefObject<HTMLElement | null>, state: EditorState, dispatch: Dispatch): (event: KeyboardEvent) => void {
  useEffect(() => {
    const focused = (): boolean => root.current?.contains(document.activeElement) === true;
    const onCopy = (event: ClipboardEvent, cut: boolean): void => {
      if (!focused() || !event.clipboardData) return;
      const text = copyText(state);
      if (text === undefined) return;
      event.preventDefault();
      event.clipboardData.setData('text/plain', text);
      if (cut) dispatch('block.delete', undefined);
    };
    const copy = (event: ClipboardEvent): void => onCopy(event, false);
    const cut = (event: ClipboardEvent): void => onCopy(event, true);
    const paste = (event: ClipboardEvent): void => {
      if (!focused() || !event.clipboardData) return;
      event.preventDefault();
      dispatch<PastePayload>('block.paste', { text: event.clipboardData.getData('text/plain') });
    };
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, [root, state, dispatch]);

  return (event: KeyboardEvent) => {
    if (event.target !== root.current) return;
    const id = canvasCommand(event, isMac());
    if (!id) return;
    event.preventDefault();
    // The shell's own shortcuts listen above the canvas; this key is the canvas's.
    event.stopPropagation();
    dispatch(id, undefined);
  };
}
