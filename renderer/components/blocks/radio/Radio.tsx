import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { parseChoices } from '../shared/choices.js';
import type { BlockProps } from '../types.js';

/** Radio: a fieldset of native radio buttons. */
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
              onChange={() => block.onChange(c.value)}
            />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
    </BlockFrame>
  );
}
