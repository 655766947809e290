import { fileUrl } from '../../../runner/values.js';

/** Gallery values: {image|video, caption} dicts, [file, caption] pairs, FileData or URLs. */

export interface GalleryItem {
  readonly url: string;
  readonly caption: string | null;
  /** The file as the value holds it (FileData, a URL, ...): what a `select` sends back. */
  readonly media: unknown;
  readonly kind: 'image' | 'video';
}

function item(media: unknown, caption: unknown, kind: GalleryItem['kind'] = 'image'): GalleryItem | null {
  const url = fileUrl(media);
  return url === null ? null : { url, caption: typeof caption === 'string' && caption !== '' ? caption : null, media, kind };
}

export function parseGallery(value: unknown): GalleryItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown): GalleryItem[] => {
    let parsed: GalleryItem | null = null;
    if (Array.isArray(entry)) parsed = item(entry[0], entry[1]);
    else if (typeof entry === 'object' && entry !== null && ('image' in entry || 'video' in entry)) {
      const { image, video, caption } = entry as { image?: unknown; video?: unknown; caption?: unknown };
      parsed = image !== undefined && image !== null ? item(image, caption) : item(video, caption, 'video');
    } else parsed = item(entry, null);
    return parsed ? [parsed] : [];
  });
}
