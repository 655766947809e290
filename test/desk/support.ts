/** A real desk on 127.0.0.1 for the desk and home API tests, with a WindowHost that records what it was asked. */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { serveProject } from '../../main/cli/serve-project.js';
import { packageRoot } from '../../main/common/package-root.js';
import { silentLogger } from '../../main/common/logger.js';
import type { ServedLike } from '../../main/desk/project-registry.js';
import { startDesk, type Desk, type DeskOptions } from '../../main/desk/start-desk.js';
import type { ShownIn, WindowHost, WindowRequest } from '../../main/desk/window-host.js';
import { tempDir } from '../runtimes/support.js';
import { pageApi, raw, type RawResponse } from '../server/support/raw-http.js';

/** Records every show(); `closeWindow(key)` plays the user closing a window. */
export class RecordingWindowHost implements WindowHost {
  readonly kind: ShownIn = 'app-window';
  readonly shown: WindowRequest[] = [];
  private readonly listeners = new Set<(key: string) => void>();

  show(request: WindowRequest): Promise<ShownIn> {
    this.shown.push(request);
    return Promise.resolve(this.kind);
  }

  onClosed(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  closeWindow(key: string): void {
    for (const listener of this.listeners) listener(key);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestDesk {
  readonly desk: Desk;
  readonly host: RecordingWindowHost;
  readonly port: number;
  readonly dataDir: string;
  /** A folder for the test's own project copies. */
  readonly workDir: string;
  /** Resolves when the server of a project (by its URL) has closed. */
  closed(url: string): Promise<void>;
  /** How many project servers were started. */
  readonly starts: string[];
  close(): Promise<void>;
}

/** Copies an example (its project.json and modules) into `dir`/`name`; returns the project.json path. */
export async function copyExample(example: string, dir: string, name: string = example): Promise<string> {
  const target = path.join(dir, name);
  await cp(path.join(packageRoot(), 'examples', example), target, { recursive: true });
  return path.join(target, 'project.json');
}

export async function startTestDesk(options: Partial<DeskOptions> = {}, dataDir?: string): Promise<TestDesk> {
  const data = await tempDir('desk-data');
  const work = await tempDir('desk-work');
  const host = new RecordingWindowHost();
  const closings = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const closingOf = (url: string): { promise: Promise<void>; resolve: () => void } => {
    let entry = closings.get(url);
    if (!entry) {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((done) => (resolve = done));
      entry = { promise, resolve };
      closings.set(url, entry);
    }
    return entry;
  };
  const starts: string[] = [];
  const environment = { offline: true, cacheDir: path.join(data.path, 'cache') };
  const serve = async (file: string): Promise<ServedLike> => {
    starts.push(file);
    const served = await serveProject({ file, host: '127.0.0.1', port: 0, explicitPort: true, environment }, { logger: silentLogger });
    return {
      url: served.url,
      ownerLoginUrl: () => served.ownerLoginUrl(),
      close: async () => {
        await served.close();
        closingOf(served.url).resolve();
      },
    };
  };
  const desk = await startDesk(
    { dataDir: dataDir ?? data.path, port: 0, explicitPort: true, environment },
    { windowHost: host, logger: silentLogger, serve, ...options },
  );
  return {
    desk,
    host,
    port: Number(new URL(desk.origin).port),
    dataDir: dataDir ?? data.path,
    workDir: work.path,
    starts,
    closed: (url) => closingOf(url).promise,
    close: async () => {
      await desk.close();
      await data.remove();
      await work.remove();
    },
  };
}

/** Signs in with a fresh one-time link of the home page: the session cookie (`name=value`). */
export async function signIn(t: TestDesk): Promise<string> {
  const url = new URL(t.desk.loginUrl());
  const response = await raw({ port: t.port, path: `${url.pathname}${url.search}` });
  const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return cookie;
}

/** Calls /api/home/<name> as the home page does (session cookie, own Origin); POST when a body is given. */
export async function homeApi(t: TestDesk, cookie: string, name: string, body?: unknown): Promise<RawResponse & { json: unknown }> {
  return pageApi({ port: t.port, origin: t.desk.origin, cookie, path: `/api/home/${name}`, body });
}
