import type { ApplyOptions } from '../state/history.js';

/**
 * Runs a registered action on the present state: `dispatch('block.delete', undefined)`. The type
 * parameter lets a caller state the payload it means (`dispatch<Selection>(SELECT, ...)`).
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export type Dispatch = <P>(actionId: string, payload: P, options?: ApplyOptions) => void;
