import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  MAX_WINDOW_STATES,
  WINDOW_STATE_FILE,
  WindowStateStore,
  placeWindow,
  type Rect,
} from '../../main/shell-policy/window-state.js';

const primary: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('placeWindow', () => {
  it('keeps saved bounds that lie on a connected display', () => {
    const saved = { x: 2000, y: 100, width: 1400, height: 900, maximized: false };
    expect(placeWindow(saved, [primary, right], primary)).toEqual(saved);
    expect(placeWindow({ ...saved, maximized: true }, [primary, right], primary).maximized).toBe(true);
  });

  it('centres the default size on the primary display when the saved display is gone', () => {
    const onUnplugged = { x: 2000, y: 100, width: 1400, height: 900, maximized: true };
    expect(placeWindow(onUnplugged, [primary], primary)).toEqual({
      x: (1920 - DEFAULT_SIZE.width) / 2,
      y: 25 + Math.round((1055 - DEFAULT_SIZE.height) / 2),
      ...DEFAULT_SIZE,
      maximized: true,
    });
    expect(placeWindow(undefined, [primary], primary)).toMatchObject({ ...DEFAULT_SIZE, maximized: false });
  });

  it('never leaves the title bar off-screen: above the work area, a sliver at the edge, too big', () => {
    const areas = [primary];
    for (const saved of [
      { x: 100, y: -500, width: 800, height: 600, maximized: false },
      { x: 1900, y: 100, width: 800, height: 600, maximized: false },
      { x: -790, y: 100, width: 800, height: 600, maximized: false },
      { x: 100, y: 1070, width: 800, height: 600, maximized: false },
      { x: -1e9, y: 1e9, width: 1e6, height: 1e6, maximized: false },
    ]) {
      const placed = placeWindow(saved, areas, primary);
      const strip = { left: Math.max(placed.x, primary.x), right: Math.min(placed.x + placed.width, primary.x + primary.width) };
      expect(strip.right - strip.left, JSON.stringify(saved)).toBeGreaterThanOrEqual(64);
      expect(placed.y, JSON.stringify(saved)).toBeGreaterThanOrEqual(primary.y);
      expect(placed.y, JSON.stringify(saved)).toBeLessThan(primary.y + primary.height - 32);
      expect(placed.width).toBeLessThanOrEqual(primary.width);
      expect(placed.height).toBeLessThanOrEqual(primary.height);
    }
  });

  it('shrinks a window larger than its display to the work area, keeping it reachable', () => {
    const placed = placeWindow({ x: 0, y: 25, width: 5000, height: 3000, maximized: false }, [primary], primary);
    expect(placed).toEqual({ x: 0, y: 25, width: 1920, height: 1055, maximized: false });
  });
});

describe('WindowStateStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'window-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves per key, atomically (no temporary file left), and a new store reads it back', async () => {
    const store = new WindowStateStore(path.join(dir, 'data'));
    await store.save('home', { x: 10.4, y: 20, width: 800, height: 600, maximized: false });
    await store.save('/p/a/project.json', { x: 0, y: 0, width: 1000, height: 700, maximized: true });
    expect(await readdir(path.join(dir, 'data'))).toEqual([WINDOW_STATE_FILE]);
    const again = new WindowStateStore(path.join(dir, 'data'));
    expect(await again.get('home')).toEqual({ x: 10, y: 20, width: 800, height: 600, maximized: false });
    expect(await again.get('/p/a/project.json')).toMatchObject({ maximized: true });
    expect(await again.get('editor')).toBeUndefined();
  });

  it('keeps the newest state when saves overlap, and flush waits for all of them', async () => {
    const store = new WindowStateStore(dir);
    for (const n of [1, 2, 3, 4, 5]) void store.save('home', { x: n, y: 0, width: 800, height: 600, maximized: false });
    await store.flush();
    expect(await new WindowStateStore(dir).get('home')).toMatchObject({ x: 5 });
  });

  it('treats a torn or hand-broken file as empty and replaces it on the next save', async () => {
    await writeFile(path.join(dir, WINDOW_STATE_FILE), '{"version":1,"windows":{"home":{"x":1,');
    const store = new WindowStateStore(dir);
    expect(await store.get('home')).toBeUndefined();
    await store.save('editor', { x: 1, y: 2, width: 900, height: 700, maximized: false });
    expect(JSON.parse(await readFile(path.join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({
      version: 1,
      windows: { editor: { x: 1, y: 2, width: 900, height: 700, maximized: false } },
    });
  });

  it('ignores impossible states and keeps only the most recent windows', async () => {
    const store = new WindowStateStore(dir);
    await store.save('home', { x: 0, y: 0, width: -5, height: Number.NaN, maximized: false });
    expect(await store.get('home')).toBeUndefined();
    for (let n = 0; n < MAX_WINDOW_STATES + 5; n += 1)
      await store.save(`/p/${n}/project.json`, { x: n, y: 0, width: 800, height: 600, maximized: false });
    const again = new WindowStateStore(dir);
    expect(await again.get('/p/0/project.json')).toBeUndefined();
    expect(await again.get(`/p/${MAX_WINDOW_STATES + 4}/project.json`)).toMatchObject({ x: MAX_WINDOW_STATES + 4 });
  });
});
