import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds, num, str } from '../shared/props.js';
import type { BlockProps } from '../types.js';

/** Slider: a range input with its current value printed next to it; release fires `release`. */
export function Slider(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const min = num(block.props, 'minimum') ?? 0;
  const max = num(block.props, 'maximum') ?? 100;
  const step = num(block.props, 'step') ?? 1;
  const value = typeof block.value === 'number' ? block.value : min;
  return (
    <BlockFrame block={block} variant="field">
      <div className="slider">
        <input
          id={ids.input}
          className="slider-range"
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          disabled={!block.interactive}
          aria-describedby={str(block.props, 'info') ? ids.info : undefined}
          onChange={(e) => block.onChange(Number(e.currentTarget.value))}
          onPointerUp={() => block.onEvent('release')}
          onKeyUp={() => block.onEvent('release')}
        />
        <output className="slider-value" htmlFor={ids.input}>
          {value}
        </output>
      </div>
    </BlockFrame>
  );
}
