import { useCallback, type KeyboardEvent, type ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { displayText, domIds, num, str } from '../shared/props.js';
import { textSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';

/**
 * Textbox: one line (Enter submits) or several (Enter submits when something listens for
 * submit, Shift+Enter adds a line). Selecting text fires `select` with `[start, end]` and the text.
 * A read-only output is not a tab stop.
 */
export function Textbox(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const lines = Math.max(1, num(block.props, 'lines') ?? 1);
  const maxLines = Math.max(lines, num(block.props, 'max_lines') ?? lines);
  const value = displayText(block.value);
  const common = {
    id: ids.input,
    className: 'input',
    value,
    placeholder: str(block.props, 'placeholder'),
    readOnly: !block.interactive,
    // An output is read, not edited: it is left out of the Tab order (as Gradio's outputs are),
    // still selectable and copyable with the mouse or touch. A select listener keeps it a tab
    // stop, so selecting text there stays possible from the keyboard.
    tabIndex: block.interactive || block.listens.has('select') ? undefined : -1,
    'aria-describedby': str(block.props, 'info') ? ids.info : undefined,
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    if (lines > 1 && !block.listens.has('submit')) return;
    event.preventDefault();
    block.onEvent('submit');
  };
  // The DOM's own `select` event (as Gradio listens to), not React's onSelect, which also fires
  // for caret moves and focus. A bare caret is not a selection, and Chromium fires `select` again
  // when the field loses focus: only a focused field's selection counts.
  const { onSelect } = block;
  const selectRef = useCallback(
    (element: HTMLInputElement | HTMLTextAreaElement | null) => {
      if (!element || !onSelect) return undefined;
      const listener = (): void => {
        if (element.ownerDocument.activeElement !== element) return;
        const data = textSelect(element.value, element.selectionStart, element.selectionEnd);
        if (data) onSelect(data);
      };
      element.addEventListener('select', listener);
      return () => element.removeEventListener('select', listener);
    },
    [onSelect],
  );
  if (lines === 1 && maxLines === 1) {
    return (
      <BlockFrame block={block} variant="field">
        <input {...common} type="text" onChange={(e) => block.onChange(e.currentTarget.value)} onKeyDown={onKeyDown} ref={selectRef} />
      </BlockFrame>
    );
  }
  const rows = Math.min(maxLines, Math.max(lines, value.split('\n').length));
  return (
    <BlockFrame block={block} variant="field">
      <textarea {...common} rows={rows} onChange={(e) => block.onChange(e.currentTarget.value)} onKeyDown={onKeyDown} ref={selectRef} />
    </BlockFrame>
  );
}
