import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds, num, str } from '../shared/props.js';
import type { BlockProps } from '../types.js';

/** Number: an empty field is null; Enter fires submit. */
export function NumberInput(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const value = typeof block.value === 'number' && Number.isFinite(block.value) ? String(block.value) : '';
  return (
    <BlockFrame block={block} variant="field">
      <input
        id={ids.input}
        className="input"
        type="number"
        inputMode="decimal"
        value={value}
        min={num(block.props, 'minimum')}
        max={num(block.props, 'maximum')}
        step={num(block.props, 'step') ?? 'any'}
        readOnly={!block.interactive}
        aria-describedby={str(block.props, 'info') ? ids.info : undefined}
        onChange={(e) => {
          const text = e.currentTarget.value;
          const parsed = Number(text);
          block.onChange(text === '' || !Number.isFinite(parsed) ? null : parsed);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') block.onEvent('submit');
        }}
      />
    </BlockFrame>
  );
}
