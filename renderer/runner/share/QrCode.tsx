import { useMemo, type ReactNode } from 'react';
import { qrPath } from './qr-matrix.js';

/** The share link as a QR code (for a phone's camera): dark modules on white, whatever the theme. */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }): ReactNode {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const quiet = 4;
  const box = size + quiet * 2;
  return (
    <svg
      className="share-qr"
      viewBox={`${-quiet} ${-quiet} ${box} ${box}`}
      role="img"
      aria-label={label}
      data-testid="share-qr"
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={box} height={box} fill="#ffffff" />
      <path d={d} fill="#111111" />
    </svg>
  );
}
