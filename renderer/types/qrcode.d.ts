/**
 * The part of `qrcode` the Share panel uses (renderer/runner/share/qr-matrix.ts). Declared here, and
 * mapped by renderer/tsconfig.json's `paths`, because @types/qrcode pulls in Node's types, which
 * the renderer must not see (they replace DOM globals such as URLSearchParams and hide `window`).
 */
declare module 'qrcode' {
  export interface BitMatrix {
    readonly size: number;
    get(row: number, col: number): number | boolean;
  }
  export interface QRCode {
    readonly modules: BitMatrix;
  }
  export interface QRCodeOptions {
    readonly errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  }
  export function create(text: string, options?: QRCodeOptions): QRCode;
  const QRCodeModule: { create: typeof create };
  export default QRCodeModule;
}
