import type { ReactNode } from 'react';
import { domIds, str } from '../shared/props.js';
import { checkboxSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';

/** Checkbox: the label sits next to the box and names it; a toggle fires `select` (selected = checked). */
export function Checkbox(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const info = str(block.props, 'info');
  return (
    <div
      className={`block block--checkbox ${block.interactive ? 'is-interactive' : 'is-static'}`}
      data-testid={`component-${block.elemKey ?? String(block.id)}`}
      data-block-type="checkbox"
    >
      <label className="checkbox" htmlFor={ids.input}>
        <input
          id={ids.input}
          type="checkbox"
          checked={block.value === true}
          disabled={!block.interactive}
          aria-describedby={info ? ids.info : undefined}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            block.onChange(checked);
            block.onSelect?.(checkboxSelect(checked));
          }}
        />
        <span>{str(block.props, 'label') ?? 'Checkbox'}</span>
      </label>
      {info ? (
        <p className="block-info" id={ids.info}>
          {info}
        </p>
      ) : null}
    </div>
  );
}
