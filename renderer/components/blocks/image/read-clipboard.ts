import { captureFileName } from '../shared/capture-name.js';

/**
 * The Clipboard source button: the first image on the clipboard (Async Clipboard API), 'empty' when
 * it holds none, 'denied' when the browser will not let the page read it (no API, no permission,
 * not a secure page). A paste (Ctrl+V) works in every case.
 */
export async function readClipboardImage(clipboard: Clipboard | undefined): Promise<File | 'empty' | 'denied'> {
  if (!clipboard || typeof clipboard.read !== 'function') return 'denied';
  let items: ClipboardItems;
  try {
    items = await clipboard.read();
  } catch {
    return 'denied';
  }
  for (const item of items) {
    const type = item.types.find((t) => t.startsWith('image/'));
    if (type) {
      const blob = await item.getType(type);
      return new File([blob], captureFileName('pasted', type, new Date()), { type });
    }
  }
  return 'empty';
}
