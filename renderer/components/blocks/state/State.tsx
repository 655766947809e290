import type { ReactNode } from 'react';

/** State: a value the server keeps per session; nothing to draw. */
export function State(): ReactNode {
  return null;
}
