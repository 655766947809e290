import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write.js';

/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const rect = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const windowState = rect.extend({ maximized: z.boolean() });
export type WindowState = z.infer<typeof windowState>;

const stored = z.object({ version: z.literal(1), windows: z.record(z.string(), windowState) });

export const WINDOW_STATE_FILE = 'window-state.json';
/** Entries kept (most recently saved first): a project opened once does not stay forever. */
export const MAX_WINDOW_STATES = 50;
export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 480, height: 360 } as const;
/** How much of a window's title bar strip must lie on a display for it to count as reachable. */
const MIN_VISIBLE = 64;

/**
 * Where a window opens: its saved bounds when enough of its top strip (where the title bar is) lies
 * on a display that is connected now, so it can be grabbed and moved; else the default size centred
 * on the primary display's work area. Either way no larger than the work area it lands on. A
 * monitor unplugged since, or a hand-edited file, never opens a window off-screen.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[], primary: Rect): WindowState {
  const reachable = saved ? workAreas.find((area) => titleStripVisible(saved, area)) : undefined;
  if (saved && reachable) {
    const width = clamp(saved.width, MIN_SIZE.width, reachable.width);
    const height = clamp(saved.height, MIN_SIZE.height, reachable.height);
    const x = clamp(saved.x, reachable.x - width + MIN_VISIBLE, reachable.x + reachable.width - MIN_VISIBLE);
    const y = clamp(saved.y, reachable.y, reachable.y + reachable.height - MIN_VISIBLE);
    return { x, y, width, height, maximized: saved.maximized };
  }
  const width = Math.min(DEFAULT_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_SIZE.height, primary.height);
  return {
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
    width,
    height,
    maximized: saved?.maximized ?? false,
  };
}

function titleStripVisible(bounds: Rect, area: Rect): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = bounds.y;
  return right - left >= MIN_VISIBLE && top >= area.y && top < area.y + area.height - MIN_VISIBLE / 2;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, Math.max(low, high)));
}

/**
 * Window sizes and positions per window key (`home`, `editor`, a project's real path) in
 * `<dataDir>/window-state.json`. Every save is written atomically (main/common/atomic-write.ts), so
 * a crash or a power cut leaves the previous state or the new one, never a torn file; a file that
 * does not parse counts as empty. Writes run one after another, the newest state wins.
 */
export class WindowStateStore {
  private states: Map<string, WindowState> | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, WINDOW_STATE_FILE);
  }

  async get(key: string): Promise<WindowState | undefined> {
    return (await this.load()).get(key);
  }

  /** Records `state` for `key` and writes the file. */
  save(key: string, state: WindowState): Promise<void> {
    const checked = windowState.safeParse(roundState(state));
    if (!checked.success) return Promise.resolve();
    const next = this.writing.then(async () => {
      const states = await this.load();
      states.delete(key);
      states.set(key, checked.data);
      const kept = [...states.entries()].slice(-MAX_WINDOW_STATES);
      this.states = new Map(kept);
      await mkdir(this.dir, { recursive: true });
      const windows = Object.fromEntries(kept);
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, windows }, null, 2)}\n`);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every save so far is on disk (or failed): the quit waits for it. */
  async flush(): Promise<void> {
    await this.writing;
  }

  private async load(): Promise<Map<string, WindowState>> {
    if (this.states) return this.states;
    let loaded: Map<string, WindowState>;
    try {
      const parsed = stored.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      loaded = new Map(parsed.success ? Object.entries(parsed.data.windows) : []);
    } catch {
      loaded = new Map();
    }
    this.states ??= loaded;
    return this.states;
  }
}

function roundState(state: WindowState): WindowState {
  return {
    x: Math.round(state.x),
    y: Math.round(state.y),
    width: Math.round(state.width),
    height: Math.round(state.height),
    maximized: state.maximized,
  };
}
