import type { ReactNode } from 'react';
import type { AreaProps } from '../area-props.js';

/** Placeholder: the canvas engineer replaces it (inspector + models/functions/events/project panels). */
export function Inspector(props: AreaProps): ReactNode {
  return (
    <div className="editor-placeholder" data-testid="editor-inspector">
      Inspector ({props.state.selection ? props.state.selection.area : 'nothing'} selected)
    </div>
  );
}
