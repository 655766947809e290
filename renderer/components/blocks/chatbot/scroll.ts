/** The part of a scrolled box that decides whether new content should keep it at the end. */
export interface ScrollBox {
  readonly scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/**
 * Whether the box shows its end, within `slack` pixels (zoom and sub-pixel layout leave a few).
 * A chat log stays pinned to the newest text while this holds, and stops following once the
 * user scrolls further up to read.
 */
export function isAtBottom(box: ScrollBox, slack = 24): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
}
