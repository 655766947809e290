/**
 * Which view the page shows. The API page is the hash route `#api` (Gradio uses `?view=api`, which
 * would reload the page here and drop the demo's state); any other hash shows the demo.
 */
export type View = 'demo' | 'api';

export const API_VIEW_HASH = '#api';

export function viewFromHash(hash: string): View {
  return hash === API_VIEW_HASH ? 'api' : 'demo';
}
