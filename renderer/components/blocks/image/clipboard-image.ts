/**
 * What a paste carries that an image input can take: the first image file of the clipboard data
 * (a screenshot, an image copied from a browser or a file manager). Pure over DataTransfer's shape.
 */

export interface ClipboardItemLike {
  readonly kind: string;
  readonly type: string;
  getAsFile(): File | null;
}

export interface ClipboardDataLike {
  readonly items?: ArrayLike<ClipboardItemLike> | undefined;
  readonly files?: ArrayLike<File> | undefined;
}

/** The pasted image, or null when the clipboard holds no image (plain text, say). */
export function clipboardImage(data: ClipboardDataLike | null | undefined): File | null {
  if (!data) return null;
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === 'file' && item.type.startsWith('image/')) {
      const file = item.getAsFile();
      if (file) return file;
    }
  }
  return Array.from(data.files ?? []).find((file) => file.type.startsWith('image/')) ?? null;
}
