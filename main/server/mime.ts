import path from 'node:path';

/** Content types by extension, the "XSS-safe" subset that may be shown inline, and magic-byte sniffing. */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.weba': 'audio/webm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mov': 'video/quicktime',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Types a browser renders without running script: inline is safe. Everything else downloads. */
const XSS_SAFE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
  'image/x-icon',
  'image/tiff',
  'audio/wav',
  'audio/mpeg',
  'audio/ogg',
  'audio/flac',
  'audio/mp4',
  'audio/aac',
  'audio/webm',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'text/plain',
  'text/csv',
  'application/json',
]);

export function mimeFromName(name: string): string | undefined {
  return BY_EXTENSION[path.extname(name).toLowerCase()];
}

/** The bare type without parameters, lower-case. */
export function baseMime(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}

export function isXssSafe(type: string): boolean {
  return XSS_SAFE.has(baseMime(type));
}

interface Signature {
  readonly bytes: readonly (number | null)[];
  readonly offset?: number;
  readonly mime: string;
  readonly ext: string;
}

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mime: 'image/png', ext: '.png' },
  { bytes: [0xff, 0xd8, 0xff], mime: 'image/jpeg', ext: '.jpg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], mime: 'image/gif', ext: '.gif' },
  { bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50], mime: 'image/webp', ext: '.webp' },
  { bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x41, 0x56, 0x45], mime: 'audio/wav', ext: '.wav' },
  { bytes: [0x42, 0x4d], mime: 'image/bmp', ext: '.bmp' },
  { bytes: [0x49, 0x44, 0x33], mime: 'audio/mpeg', ext: '.mp3' },
  { bytes: [0xff, 0xfb], mime: 'audio/mpeg', ext: '.mp3' },
  { bytes: [0x4f, 0x67, 0x67, 0x53], mime: 'audio/ogg', ext: '.ogg' },
  { bytes: [0x66, 0x4c, 0x61, 0x43], mime: 'audio/flac', ext: '.flac' },
  { bytes: [0x25, 0x50, 0x44, 0x46], mime: 'application/pdf', ext: '.pdf' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, mime: 'video/mp4', ext: '.mp4' },
];

/** Recognises common binary formats from their first bytes; engines hand us bare Buffers. */
export function sniff(head: Uint8Array): { mime: string; ext: string } | undefined {
  for (const signature of SIGNATURES) {
    const offset = signature.offset ?? 0;
    if (head.length < offset + signature.bytes.length) continue;
    if (signature.bytes.every((byte, i) => byte === null || head[offset + i] === byte)) {
      return { mime: signature.mime, ext: signature.ext };
    }
  }
  return undefined;
}
