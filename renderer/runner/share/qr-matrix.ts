import QRCode from 'qrcode';

/**
 * A QR code as one SVG path (`M x y h1v1h-1z` per dark module), drawn by React as inline SVG: no
 * image URL, so the page's Content-Security-Policy needs nothing extra. Error correction M (15%).
 */
export interface QrPath {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly d: string;
}

export function qrPath(text: string): QrPath {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
  }
  return { size: modules.size, d: parts.join('') };
}
