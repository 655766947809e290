import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { choiceIndex, parseChoices } from '../shared/choices.js';
import { displayText, domIds, str } from '../shared/props.js';
import { choiceSelect, multiselectChanges } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';

/**
 * Dropdown: a native select (multiple when multiselect); options carry indices, not values.
 * Picking fires `select` with the choice's index and value (per option added or removed when multiple).
 */
export function Dropdown(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const choices = parseChoices(block.props.choices);
  const multiple = block.props.multiselect === true;
  const describedBy = str(block.props, 'info') ? ids.info : undefined;
  if (multiple) {
    const selected = Array.isArray(block.value) ? block.value : [];
    return (
      <BlockFrame block={block} variant="field">
        <select
          id={ids.input}
          className="input"
          multiple
          disabled={!block.interactive}
          aria-describedby={describedBy}
          value={selected.map((v) => String(choiceIndex(choices, v)))}
          onChange={(e) => {
            const picked = Array.from(e.currentTarget.selectedOptions, (o) => choices[Number(o.value)]?.value);
            const after = picked.filter((v) => v !== undefined);
            block.onChange(after);
            for (const data of multiselectChanges(choices, selected, after)) block.onSelect?.(data);
          }}
        >
          {choices.map((c, i) => (
            <option key={i} value={String(i)}>
              {c.label}
            </option>
          ))}
        </select>
      </BlockFrame>
    );
  }
  const index = choiceIndex(choices, block.value);
  return (
    <BlockFrame block={block} variant="field">
      <select
        id={ids.input}
        className="input"
        disabled={!block.interactive}
        aria-describedby={describedBy}
        value={String(index)}
        onChange={(e) => {
          const i = Number(e.currentTarget.value);
          block.onChange(i < 0 ? null : (choices[i]?.value ?? null));
          const data = choiceSelect(choices, i);
          if (data) block.onSelect?.(data);
        }}
      >
        <option value="-1" disabled={index !== -1}>
          {index === -1 && block.value !== null && block.value !== undefined ? displayText(block.value) : 'Select…'}
        </option>
        {choices.map((c, i) => (
          <option key={i} value={String(i)}>
            {c.label}
          </option>
        ))}
      </select>
    </BlockFrame>
  );
}
