/**
 * The two icon containers electron-builder wants, written from PNGs with no extra dependency:
 * Windows .ico (ICONDIR + 16-byte entries + PNG payloads, Vista and later read PNG entries) and
 * macOS .icns ("icns" + big-endian length, then type/length/PNG chunks, macOS 10.7 and later).
 */

export interface SizedPng {
  /** Width = height, in pixels. */
  readonly size: number;
  readonly png: Buffer;
}

const ICO_HEADER = 6;
const ICO_ENTRY = 16;

/** An ICO holding every image as PNG; sizes 1..256 (256 is stored as 0, as the format says). */
export function encodeIco(images: readonly SizedPng[]): Buffer {
  const header = Buffer.alloc(ICO_HEADER + ICO_ENTRY * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be cursor)
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    if (size < 1 || size > 256) throw new Error(`An ICO entry is 1..256 px; got ${size}.`);
    const at = ICO_HEADER + ICO_ENTRY * index;
    header.writeUInt8(size === 256 ? 0 : size, at);
    header.writeUInt8(size === 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/**
 * ICNS chunk types that hold PNG data, by the pixel size of the image. The @2x types (ic11..ic14)
 * are the same pixels as the next size up: Finder picks them on Retina screens.
 */
export const ICNS_TYPES: ReadonlyArray<readonly [type: string, size: number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

export function encodeIcns(images: readonly SizedPng[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`ICNS type ${type} needs a ${size} px PNG; sizes given: ${[...bySize.keys()].join(', ')}.`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
