/**
 * Which files an image input takes: the formats every browser shows and the server decodes (PNG,
 * JPEG, WebP, GIF, AVIF). A PDF dropped on it used to show a broken image and then the server's
 * error with its temp path in it; now the page says at once what is wrong. Pure.
 */

/** What the picker offers (the `accept` attribute). */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/avif,.png,.jpg,.jpeg,.webp,.gif,.avif';

const TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);
const EXTENSIONS = /\.(png|jpe?g|webp|gif|avif)$/i;
const FORMATS = 'Upload a PNG, JPEG, WebP or GIF.';

export interface FileLike {
  readonly name: string;
  readonly type: string;
}

/** Why `file` cannot be an image input's value, or null when it can. */
export function imageFileProblem(file: FileLike): string | null {
  const name = file.name || 'no name';
  if (file.type === '' ? EXTENSIONS.test(file.name) : TYPES.has(file.type)) return null;
  if (file.type.startsWith('image/')) return `That image format is not supported (${name}). ${FORMATS}`;
  return `That file is not an image (${name}). ${FORMATS}`;
}

/** The file picked looked like an image but the browser could not draw it (a damaged or renamed file). */
export function unreadableImage(name: string): string {
  return `That file could not be read as an image (${name || 'no name'}). ${FORMATS}`;
}

/** The clipboard could not be read, or held no image: what to do instead. */
export const CLIPBOARD_HINTS = {
  denied: 'The browser did not let the page read the clipboard: press Ctrl+V (⌘V on a Mac) here to paste an image.',
  empty: 'The clipboard holds no image. Copy one, then try again.',
} as const;
