import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { parseChoices } from '../shared/choices.js';
import { choiceSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';

/** Radio: a fieldset of native radio buttons; picking one fires `select` with its index and value. */
export function Radio(block: BlockProps): ReactNode {
  const choices = parseChoices(block.props.choices);
  const name = `block-${block.id}-radio`;
  return (
    <BlockFrame block={block} variant="group">
      <div className="choices">
        {choices.map((c, i) => (
          <label key={i} className="choice">
            <input
              type="radio"
              name={name}
              checked={block.value === c.value}
              disabled={!block.interactive}
              onChange={() => {
                block.onChange(c.value);
                const data = choiceSelect(choices, i);
                if (data) block.onSelect?.(data);
              }}
            />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
    </BlockFrame>
  );
}
