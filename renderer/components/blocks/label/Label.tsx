import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds, num } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { barWidth, labelView, percent, type Confidence } from './label-value.js';

function ConfidenceRow({ c }: { readonly c: Confidence }): ReactNode {
  return (
    <>
      <div className="confidence-text">
        <span className="confidence-label">{c.label}</span>
        <span className="confidence-value">{percent(c.confidence)}</span>
      </div>
      <div className="confidence-bar" aria-hidden="true">
        <div className="confidence-fill" style={{ width: barWidth(c.confidence) }} />
      </div>
    </>
  );
}

/**
 * Label: the top class in large type and a bar per class with its confidence. When something
 * listens for `select`, each class is a button that fires it with `{index, value: class}`.
 */
export function Label(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const view = labelView(block.value, num(block.props, 'num_top_classes'));
  const selectable = block.listens.has('select');
  return (
    <BlockFrame block={block} variant="plain">
      <div className="label-output" role="group" aria-labelledby={ids.label}>
        <output className="label-top" data-testid="label-value" aria-live="polite">
          {view?.label ?? ''}
        </output>
        {view && view.confidences.length > 0 ? (
          <ul className="confidences">
            {view.confidences.map((c, i) => (
              <li key={c.label} className={c.label === view.label ? 'confidence is-top' : 'confidence'}>
                {selectable ? (
                  <button type="button" className="confidence-select" onClick={() => block.onSelect?.({ index: i, value: c.label })}>
                    <ConfidenceRow c={c} />
                  </button>
                ) : (
                  <ConfidenceRow c={c} />
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </BlockFrame>
  );
}
