import { createContext, useContext } from 'react';
import type { ComponentInfo, Dependency } from './config.js';
import type { PageState, RunnerController } from './controller.js';

/** What layout and block wrappers read while drawing one snapshot of the page. */
export interface PageContextValue {
  readonly controller: RunnerController;
  readonly state: PageState;
  /** Per component id: whether the user can edit it. */
  readonly interactive: ReadonlyMap<number, boolean>;
  /** Per component id: the dependencies whose status is drawn on it (their first drawn output). */
  readonly anchors: ReadonlyMap<number, readonly Dependency[]>;
  /** Per component id: the dependencies whose runs' progress is drawn over it (dependencies.progressTargets). */
  readonly writers: ReadonlyMap<number, readonly Dependency[]>;
  /** Components that are outputs of a run in progress. */
  readonly pending: ReadonlySet<number>;
  readonly components: ReadonlyMap<number, ComponentInfo>;
  /** The app's base URL (for the before-you-submit estimates). */
  readonly baseUrl: string;
  /** A request found the server unreachable: the runner starts reconnecting. */
  readonly onUnreachable: () => void;
}

export const PageContext = createContext<PageContextValue | null>(null);

export function usePage(): PageContextValue {
  const page = useContext(PageContext);
  if (!page) throw new Error('usePage() outside <PageContext>');
  return page;
}
