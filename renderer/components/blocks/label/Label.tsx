import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds, num } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { barWidth, labelView, percent } from './label-value.js';

/** Label: the top class in large type and a bar per class with its confidence. */
export function Label(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const view = labelView(block.value, num(block.props, 'num_top_classes'));
  return (
    <BlockFrame block={block} variant="plain">
      <div className="label-output" role="group" aria-labelledby={ids.label}>
        <output className="label-top" data-testid="label-value" aria-live="polite">
          {view?.label ?? ''}
        </output>
        {view && view.confidences.length > 0 ? (
          <ul className="confidences">
            {view.confidences.map((c) => (
              <li key={c.label} className={c.label === view.label ? 'confidence is-top' : 'confidence'}>
                <div className="confidence-text">
                  <span className="confidence-label">{c.label}</span>
                  <span className="confidence-value">{percent(c.confidence)}</span>
                </div>
                <div className="confidence-bar" aria-hidden="true">
                  <div className="confidence-fill" style={{ width: barWidth(c.confidence) }} />
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </BlockFrame>
  );
}
