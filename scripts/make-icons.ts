/**
 * Writes every app icon from the one source, build/icon.svg: build/icons/<n>x<n>.png (Linux
 * AppImage/deb and the window icon), build/icon.png, build/icon.ico (Windows) and build/icon.icns
 * (macOS). Run with `npm run icons` after changing the SVG and commit the results; electron-builder
 * only reads them. Each size is scaled down from one 1024 px rendering, so small sizes are
 * anti-aliased the same way as large ones.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { encodeIcns, encodeIco, type SizedPng } from './icon-containers.js';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
const MASTER = 1024;

async function renderSizes(svg: Buffer): Promise<SizedPng[]> {
  const master = await sharp(svg, { density: 72 }).resize(MASTER, MASTER).png().toBuffer();
  return Promise.all(
    PNG_SIZES.map(async (size) => ({
      size,
      png:
        size === MASTER ? master : await sharp(master).resize(size, size, { kernel: 'lanczos3' }).png({ compressionLevel: 9 }).toBuffer(),
    })),
  );
}

export async function makeIcons(buildDir: string): Promise<string[]> {
  const images = await renderSizes(await readFile(path.join(buildDir, 'icon.svg')));
  await mkdir(path.join(buildDir, 'icons'), { recursive: true });
  const written: Array<[string, Buffer]> = images.map(({ size, png }) => [path.join('icons', `${size}x${size}.png`), png]);
  const pick = (sizes: readonly number[]): SizedPng[] => images.filter((image) => sizes.includes(image.size));
  written.push(['icon.png', pick([512])[0]?.png ?? Buffer.alloc(0)]);
  written.push(['icon.ico', encodeIco(pick(ICO_SIZES))]);
  written.push(['icon.icns', encodeIcns(images)]);
  await Promise.all(written.map(([file, data]) => writeFile(path.join(buildDir, file), data)));
  return written.map(([file]) => file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const buildDir = fileURLToPath(new URL('../build', import.meta.url));
  const files = await makeIcons(buildDir);
  console.log(`Wrote ${files.length} files to ${buildDir}: ${files.join(', ')}`);
}
