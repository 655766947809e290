import { useLayoutEffect, useRef, type RefObject } from 'react';
import { isAtBottom } from './scroll.js';

/**
 * Keeps a scrolling box at its end whenever one of `changes` changes (a streamed token, a new
 * message), unless the user has scrolled up; scrolling back to the end resumes following.
 * Whether the user was at the end is judged against the height the box had before this change
 * (scrollTop is current even when the scroll event is still queued, so a token arriving between
 * the user's scroll and its event cannot pull the box back down).
 */
export function useStickToBottom<T extends HTMLElement>(...changes: unknown[]): RefObject<T | null> {
  const ref = useRef<T>(null);
  const height = useRef(0);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    if (isAtBottom({ scrollTop: box.scrollTop, scrollHeight: height.current, clientHeight: box.clientHeight })) {
      box.scrollTop = box.scrollHeight;
    }
    height.current = box.scrollHeight;
  }, changes);
  return ref;
}
