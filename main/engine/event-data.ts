import { z } from 'zod';

/**
 * What the trigger of a run selected (Gradio's `gr.SelectData`), camelCase inside the app. The
 * Gradio module turns the join's snake_case `event_data` into this; JS functions read it as
 * `ctx.event`; model functions never see it. Values are passed as the caller sent them (a gallery
 * image stays Gradio's `{image: FileData, caption}`): nothing here touches files.
 */

/** A position: a list index, `[row, col]` for a table cell, `[start, end]` for a text range, or a key. */
export const selectIndex = z.union([z.number(), z.tuple([z.number(), z.number()]), z.string()], {
  error: 'expected a number, a [number, number] pair or a string',
});

export const eventData = z.object({
  index: selectIndex,
  /** The selected item: a cell, a choice, a message, a text range's text, ... (null allowed). */
  value: z.unknown(),
  /** False when the item was deselected (a checkbox unticked, a multiselect option removed). */
  selected: z.boolean().default(true),
  /** Dataframe: the clicked cell's row and column. */
  rowValue: z.array(z.unknown()).optional(),
  colValue: z.array(z.unknown()).optional(),
});
export type EventData = z.infer<typeof eventData>;
