import type { EditorState } from './state/editor-state.js';
import type { Dispatch } from './store/dispatch.js';

/** What every area of the editor (canvas, palette, inspector, panels) is given. */
export interface AreaProps {
  readonly state: EditorState;
  readonly dispatch: Dispatch;
}
