import type { ReactNode } from 'react';
import type { AreaProps } from '../area-props.js';

/** Placeholder: the canvas engineer replaces it. */
export function Canvas(props: AreaProps): ReactNode {
  return (
    <div className="editor-placeholder" data-testid="editor-canvas">
      Canvas ({props.state.selection ? props.state.selection.area : 'nothing'} selected)
    </div>
  );
}
