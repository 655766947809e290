import type { Choice } from './choices.js';

/**
 * What a `select` event chose: Gradio's SelectData (gr.SelectData on the Python side, ctx.event in
 * our JS functions). camelCase here; renderer/runner/event-data.ts writes the wire's snake_case.
 * One builder per kind of selection, so every block sends the shape Gradio's frontend sends.
 */
export interface SelectData {
  /** A list position, `[row, col]` for a table cell, or `[start, end]` for a text range. */
  readonly index: number | readonly [number, number];
  readonly value: unknown;
  /** False when the item was deselected (a checkbox unticked, a multiselect option removed). */
  readonly selected?: boolean;
  /** Dataframe: the clicked cell's whole row and column. */
  readonly rowValue?: readonly unknown[];
  readonly colValue?: readonly unknown[];
}

/** A dataframe cell: its value, its row and its column (missing cells read as null). */
export function cellSelect(rows: readonly (readonly unknown[])[], row: number, col: number): SelectData {
  const cells = rows[row] ?? [];
  return {
    index: [row, col],
    value: cells[col] ?? null,
    rowValue: [...cells],
    colValue: rows.map((r) => r[col] ?? null),
  };
}

/** A text range selected in a textbox; null for a bare caret (nothing selected). */
export function textSelect(text: string, start: number | null, end: number | null): SelectData | null {
  if (start === null || end === null || start === end) return null;
  const [from, to] = start < end ? [start, end] : [end, start];
  return { index: [from, to], value: text.slice(from, to) };
}

/** A radio or dropdown choice by position; null when there is no such choice. */
export function choiceSelect(choices: readonly Choice[], index: number, selected = true): SelectData | null {
  const choice = choices[index];
  return choice ? { index, value: choice.value, selected } : null;
}

/** A checkbox: Gradio sends the new state as both value and selected. */
export function checkboxSelect(checked: boolean): SelectData {
  return { index: 0, value: checked, selected: checked };
}

/**
 * A multiselect dropdown's edit: one SelectData per option added (selected) or removed (not
 * selected), in choice order, as Gradio fires one select per option it adds or removes.
 */
export function multiselectChanges(choices: readonly Choice[], before: readonly unknown[], after: readonly unknown[]): SelectData[] {
  const out: SelectData[] = [];
  choices.forEach((choice, index) => {
    const was = before.includes(choice.value);
    const is = after.includes(choice.value);
    if (was !== is) out.push({ index, value: choice.value, selected: is });
  });
  return out;
}

/** A gallery item: Gradio's `{image|video: file, caption}`. */
export function gallerySelect(
  index: number,
  item: { readonly media: unknown; readonly kind: 'image' | 'video'; readonly caption: string | null },
): SelectData {
  return { index, value: { [item.kind]: item.media, caption: item.caption } };
}

/** A highlighted span: `[text, label]`, the label null for plain text. */
export function spanSelect(index: number, span: { readonly text: string; readonly label: string | number | null }): SelectData {
  return { index, value: [span.text, span.label] };
}
