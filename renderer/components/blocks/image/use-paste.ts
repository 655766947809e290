import { createContext, useContext, useEffect, useRef, type RefObject } from 'react';
import { clipboardImage } from './clipboard-image.js';
import { PasteRouter } from './paste-router.js';

/**
 * The page's paste router. One document, one router: the default serves the page; a test or an
 * embedding can provide its own.
 */
export const PasteRouterContext = createContext(new PasteRouter());

/** Text fields keep their own pastes (their default action inserts text). */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['file', 'button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color'].includes(target.type)
  );
}

/**
 * While `enabled`, image pastes go to `onImage`: pastes inside `root`, and pastes elsewhere on the
 * page (outside text fields and other image inputs) when this is the router's target.
 */
export function usePasteImage(
  id: number,
  root: RefObject<HTMLElement | null>,
  enabled: boolean,
  onImage: (file: File) => void,
): {
  readonly onFocus: () => void;
} {
  const router = useContext(PasteRouterContext);
  // The latest callback, without re-registering (which would forget the router's last focus).
  const latest = useRef(onImage);
  useEffect(() => {
    latest.current = onImage;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const leave = router.join(id);
    const onPaste = (event: ClipboardEvent): void => {
      if (event.defaultPrevented) return;
      const target = event.target;
      const inside = target instanceof Node && root.current?.contains(target) === true;
      if (!inside) {
        if (isTextField(target) || (target instanceof Element && target.closest('[data-paste-target]') !== null)) return;
        if (router.target() !== id) return;
      }
      const file = clipboardImage(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      router.focus(id);
      latest.current(file);
    };
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('paste', onPaste);
      leave();
    };
  }, [enabled, id, root, router]);
  return { onFocus: () => router.focus(id) };
}
