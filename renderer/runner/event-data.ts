import type { SelectData } from '../components/blocks/shared/select-data.js';

/**
 * A select's SelectData as the join's `event_data` (Gradio's wire names: `row_value`,
 * `col_value`); keys without a value are left out.
 */
export function toWireEventData(data: SelectData): Record<string, unknown> {
  return {
    index: data.index,
    value: data.value,
    ...(data.selected !== undefined ? { selected: data.selected } : {}),
    ...(data.rowValue !== undefined ? { row_value: data.rowValue } : {}),
    ...(data.colValue !== undefined ? { col_value: data.colValue } : {}),
  };
}
