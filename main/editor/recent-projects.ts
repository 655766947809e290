import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { isFile } from '../common/path-kind.js';

/**
 * The editor's recent projects: `recent-projects.json` in the app's data folder (app-data-dir.ts),
 * newest first, at most 20, written atomically so a crash never leaves half a list. An entry whose
 * file is gone stays, marked `missing`, until it is opened again or forgotten. A list that cannot
 * be read (a hand edit gone wrong) counts as empty and is replaced on the next write.
 */

export const RECENT_FILE = 'recent-projects.json';
export const MAX_RECENT = 20;

const stored = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() })),
});
type Stored = z.infer<typeof stored>['projects'][number];

export class RecentProjects {
  /** Writes run one after another, so two saves at once cannot lose an entry. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    /** The data folder (created on the first write). */
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get file(): string {
    return path.join(this.dir, RECENT_FILE);
  }

  async list(): Promise<RecentProject[]> {
    const entries = await this.read();
    return Promise.all(entries.map(async (entry) => ({ ...entry, missing: !(await isFile(entry.path)) })));
  }

  /** Puts `file` first (opened or saved now). */
  touch(file: string, name: string): Promise<void> {
    const absolute = path.resolve(file);
    return this.update((entries) => [
      { path: absolute, name, openedAt: this.now().toISOString() },
      ...entries.filter((entry) => entry.path !== absolute),
    ]);
  }

  forget(file: string): Promise<void> {
    const absolute = path.resolve(file);
    return this.update((entries) => entries.filter((entry) => entry.path !== absolute));
  }

  private update(change: (entries: Stored[]) => Stored[]): Promise<void> {
    const next = this.writing.then(async () => {
      const projects = change(await this.read()).slice(0, MAX_RECENT);
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, projects }, null, 2)}\n`);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Stored[]> {
    try {
      const parsed = stored.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.projects : [];
    } catch {
      return [];
    }
  }
}
