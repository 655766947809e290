import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';

function pretty(value: unknown): string {
  try {
    // undefined (or a function) has no JSON form.
    const text = JSON.stringify(value, null, 2) as string | undefined;
    return text ?? '';
  } catch {
    return '(a value that cannot be shown as JSON)';
  }
}

/** JSON: the value pretty-printed in a scrollable, focusable region. */
export function Json(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  return (
    <BlockFrame block={block} variant="plain">
      <pre className="json" tabIndex={0} aria-labelledby={ids.label}>
        {block.value === null || block.value === undefined ? '' : pretty(block.value)}
      </pre>
    </BlockFrame>
  );
}
