import type { ReactNode } from 'react';
import { displayText, str } from '../shared/props.js';
import type { BlockProps } from '../types.js';

const VARIANTS = new Set(['primary', 'secondary', 'stop']);

/** Button: its value is its text; clicking fires `click`. */
export function Button(block: BlockProps): ReactNode {
  const variant = str(block.props, 'variant') ?? 'secondary';
  const own = displayText(block.value);
  const text = own !== '' ? own : (str(block.props, 'label') ?? 'Run');
  return (
    <button
      type="button"
      className={`btn btn--${VARIANTS.has(variant) ? variant : 'secondary'}`}
      data-testid={`component-${block.elemKey ?? String(block.id)}`}
      data-block-type="button"
      disabled={!block.interactive}
      onClick={() => block.onEvent('click')}
    >
      {text}
    </button>
  );
}
