import { mkdtemp, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import type { ShownIn, WindowHost, WindowRequest } from '../../main/desk/window-host.js';
import { startProjectDesk } from '../../main/shell-policy/project-desk.js';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';

/** A WindowHost that records what it was asked to show and lets the test close windows. */
class RecordingHost implements WindowHost {
  readonly kind = 'electron';
  readonly shown: WindowRequest[] = [];
  private readonly listeners = new Set<(key: string) => void>();
  show(request: WindowRequest): Promise<ShownIn> {
    this.shown.push(request);
    return Promise.resolve('electron');
  }
  onClosed(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  userClosed(key: string): void {
    for (const listener of this.listeners) listener(key);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('startProjectDesk (the stand-in desk until main/desk is wired)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'project-desk-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves a project once per real path, shows one window for it, and stops its server when the window closes', async () => {
    const project = path.join(dir, 'sentiment', 'project.json');
    await mkdir(path.dirname(project));
    await writeFile(project, '{}');
    await symlink(path.dirname(project), path.join(dir, 'link'));
    const host = new RecordingHost();
    const served: string[] = [];
    const closed: string[] = [];
    const recent: string[] = [];
    const desk = startProjectDesk({
      windowHost: host,
      appToken: 't',
      logger: silentLogger,
      serve: (file) => {
        served.push(file);
        return Promise.resolve({
          url: `http://127.0.0.1:${40000 + served.length}/`,
          appToken: 't',
          close: () => Promise.resolve(void closed.push(file)),
        });
      },
      chooseProject: () => Promise.resolve(null),
      recent: { list: () => Promise.resolve([] as RecentProject[]), touch: (file) => Promise.resolve(void recent.push(file)) },
    });
    const real = await realpath(project);
    await desk.openProject(project);
    await desk.openProject(path.join(dir, 'link', 'project.json'));
    expect(served).toEqual([real]);
    expect(host.shown.map((r) => [r.key, r.kind, r.url])).toEqual([
      [real, 'project', 'http://127.0.0.1:40001/'],
      [real, 'project', 'http://127.0.0.1:40001/'],
    ]);
    expect(recent).toEqual([real, real]);
    host.userClosed(real);
    await desk.stopProjects();
    expect(closed).toEqual([real]);
    await desk.openProject(project);
    expect(served).toEqual([real, real]);
    await expect(desk.openProject(path.join(dir, 'nope', 'project.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(desk.openEditor()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
