import { z } from 'zod';
import { selectIndex, type EventData } from '../../engine/event-data.js';

/**
 * The join's `event_data` (doc §1.5): what a `select` chose, as Gradio's frontend sends it
 * (`{index, value, selected?, row_value?, col_value?}`). Absent or null for every other trigger
 * and for API callers. Other shapes are refused with a 422 naming the path (`body.event_data.index`);
 * keys Gradio may add later are ignored.
 */
export const wireEventData = z.object({
  index: selectIndex,
  // Required (zod 4 object keys are): Gradio reads data["value"]; null is a value.
  value: z.unknown(),
  selected: z.boolean().optional(),
  row_value: z.array(z.unknown()).optional(),
  col_value: z.array(z.unknown()).optional(),
});
export type WireEventData = z.infer<typeof wireEventData>;

/** The engine's camelCase form; `selected` defaults to true as in gr.SelectData. */
export function toEventData(wire: WireEventData | null | undefined): EventData | undefined {
  if (!wire) return undefined;
  return {
    index: wire.index,
    value: wire.value,
    selected: wire.selected ?? true,
    ...(wire.row_value ? { rowValue: wire.row_value } : {}),
    ...(wire.col_value ? { colValue: wire.col_value } : {}),
  };
}
