/**
 * File names for media made on the page (a webcam frame, a recording, a pasted screenshot): they
 * have no useful name of their own. `<prefix>-<local time>.<ext>`, e.g. `webcam-20250101-093000.png`;
 * the extension follows the MIME type (parameters such as `;codecs=opus` are ignored) so the server
 * types the upload right.
 */

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
  'audio/webm': 'webm',
  'video/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
};

/** The bare MIME type: `audio/webm;codecs=opus` → `audio/webm`. */
export function baseMimeType(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}

export function captureFileName(prefix: string, type: string, at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${String(at.getFullYear())}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${prefix}-${day}-${time}.${EXTENSIONS[baseMimeType(type)] ?? 'bin'}`;
}
