import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const rendererDir = path.resolve(import.meta.dirname, '../../renderer');
const BRIDGE = 'desktop-bridge.ts';

/** `window.app`, `globalThis['app']`, `(globalThis as {app?: …}).app`, `self.app`, `const { app } = window`. */
const BRIDGE_ACCESS = [
  /\b(?:window|globalThis|self)\s*(?:\?\.|\.)\s*app\b/,
  /\b(?:window|globalThis|self)\s*(?:\?\.)?\s*\[\s*['"`]app['"`]\s*\]/,
  /\(\s*(?:window|globalThis|self)\s+as\b[^)]*\)\s*(?:\?\.|\.)\s*app\b/,
  /\{[^}]*\bapp\b[^}]*\}\s*=\s*(?:window|globalThis|self)\b/,
];

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(tsx?|mts|cts)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("the renderer's Electron bridge", () => {
  it('is touched by renderer/desktop-bridge.ts only', async () => {
    const offenders: string[] = [];
    for (const file of await sources(rendererDir)) {
      if (path.relative(rendererDir, file) === BRIDGE) continue;
      const text = await readFile(file, 'utf8');
      if (BRIDGE_ACCESS.some((pattern) => pattern.test(text))) offenders.push(path.relative(rendererDir, file));
    }
    expect(offenders).toEqual([]);
  });

  it('the patterns catch each way of reaching it (and the bridge module itself uses one)', async () => {
    for (const code of [
      'window.app.getInfo()',
      'globalThis?.app',
      "window['app']",
      '(globalThis as { app?: unknown }).app',
      'const { app } = window;',
    ]) {
      expect(
        BRIDGE_ACCESS.some((pattern) => pattern.test(code)),
        code,
      ).toBe(true);
    }
    expect(BRIDGE_ACCESS.some((pattern) => pattern.test('const app = createApp(); app.mount();'))).toBe(false);
    const bridge = await readFile(path.join(rendererDir, BRIDGE), 'utf8');
    expect(BRIDGE_ACCESS.some((pattern) => pattern.test(bridge))).toBe(true);
  });
});
