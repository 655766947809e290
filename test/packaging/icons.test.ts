import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/support.js';
import { makeIcons } from '../../scripts/make-icons.js';

/**
 * The committed icons in build/ are what electron-builder packs. The containers are parsed here by
 * hand (not with the encoder that wrote them), following the formats: ICO = ICONDIR + 16-byte
 * entries (little-endian), ICNS = "icns" + big-endian length + type/length chunks.
 */

const BUILD = join(REPO_ROOT, 'build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface Entry {
  readonly label: string;
  readonly size: number;
  readonly png: Buffer;
}

function parseIco(file: Buffer): Entry[] {
  expect(file.readUInt16LE(0), 'ICO reserved').toBe(0);
  expect(file.readUInt16LE(2), 'ICO type (1 = icon)').toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + 16 * index;
    const width = file.readUInt8(at) || 256;
    const height = file.readUInt8(at + 1) || 256;
    expect(height).toBe(width);
    expect(file.readUInt16LE(at + 4), 'planes').toBe(1);
    expect(file.readUInt16LE(at + 6), 'bits per pixel').toBe(32);
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    return { label: `ICO entry ${index}`, size: width, png: file.subarray(offset, offset + length) };
  });
}

/** Pixel size of each ICNS chunk type that holds a PNG (Apple's list; @2x types are doubled). */
const ICNS_PIXELS: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

function parseIcns(file: Buffer): Entry[] {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4), 'ICNS length').toBe(file.length);
  const entries: Entry[] = [];
  for (let at = 8; at < file.length;) {
    const type = file.toString('latin1', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    const size = ICNS_PIXELS[type];
    if (size === undefined) throw new Error(`Unexpected ICNS chunk type "${type}" at byte ${at}.`);
    entries.push({ label: `ICNS ${type}`, size, png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}

describe('app icons in build/', () => {
  it('has one PNG per size in build/icons, square and of that size, and build/icon.png at 512', async () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(await readFile(join(BUILD, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
    expect(pngSize(await readFile(join(BUILD, 'icon.png')))).toEqual({ width: 512, height: 512 });
  });

  it('writes an ICO whose entries are PNGs of the sizes their headers claim, 16 to 256 px', async () => {
    const entries = parseIco(await readFile(join(BUILD, 'icon.ico')));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { label, size, png } of entries) expect(pngSize(png), label).toEqual({ width: size, height: size });
  });

  it('writes an ICNS whose chunks tile the file and hold PNGs of their types’ sizes, up to 1024 px', async () => {
    const entries = parseIcns(await readFile(join(BUILD, 'icon.icns')));
    expect(entries.map((entry) => entry.label)).toEqual(expect.arrayContaining(['ICNS ic07', 'ICNS ic08', 'ICNS ic09', 'ICNS ic10']));
    for (const { label, size, png } of entries) expect(pngSize(png), label).toEqual({ width: size, height: size });
  });

  describe('generated from build/icon.svg', () => {
    let fresh: string;
    beforeAll(async () => {
      fresh = await mkdtemp(join(tmpdir(), 'demo-desktop-icons-'));
      await copyFile(join(BUILD, 'icon.svg'), join(fresh, 'icon.svg'));
      await makeIcons(fresh);
    });
    afterAll(() => rm(fresh, { recursive: true, force: true }));

    // Pixels, not bytes, with a small tolerance: another libvips build may resample or compress
    // differently, but an SVG edited without `npm run icons` changes far more than this.
    it.each([16, 32, 256, 1024])('the committed %i px PNG matches a fresh rendering of the SVG', async (size) => {
      const file = join('icons', `${size}x${size}.png`);
      const [committed, rendered] = await Promise.all([BUILD, fresh].map((dir) => sharp(join(dir, file)).ensureAlpha().raw().toBuffer()));
      expect(rendered?.length).toBe(committed?.length);
      let worst = 0;
      committed?.forEach((value, index) => (worst = Math.max(worst, Math.abs(value - (rendered?.[index] ?? 0)))));
      expect(worst, `${file} is stale: run \`npm run icons\` and commit build/`).toBeLessThanOrEqual(8);
    });
  });
});
