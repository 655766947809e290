import type { KeyboardEvent } from 'react';

/**
 * Mouse and keyboard activation for an element that is not a button (a table cell, a chat
 * message, a highlighted span): focusable, and Enter or Space act like a click. The caller adds
 * `role="button"` where the element has no role of its own to keep.
 */
export function pressable(onPress: () => void): {
  readonly tabIndex: 0;
  readonly onClick: () => void;
  readonly onKeyDown: (event: KeyboardEvent) => void;
} {
  return {
    tabIndex: 0,
    onClick: onPress,
    onKeyDown: (event) => {
      if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      onPress();
    },
  };
}
