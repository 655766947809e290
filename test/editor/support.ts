/** A real editor (its server, its preview server, its services) on 127.0.0.1 for the editor tests. */
import { silentLogger } from '../../main/common/logger.js';
import { startEditor, type EditorSettings, type RunningEditor, type StartEditorOptions } from '../../main/editor/start-editor.js';
import { pageApi, raw, type RawResponse } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';

export interface TestEditor {
  readonly editor: RunningEditor;
  readonly port: number;
  /** `name=value` of a live session cookie. */
  readonly cookie: string;
  readonly dataDir: string;
  /** Calls /api/editor/<name> as the editor's page does (session cookie, own Origin); POST when a body is given. */
  api(name: string, body?: unknown): Promise<RawResponse & { json: unknown }>;
  close(): Promise<void>;
}

/** Signs in with a fresh one-time link: the session cookie (`name=value`) it sets. */
export async function signIn(editor: RunningEditor): Promise<string> {
  const url = new URL(editor.loginUrl());
  const response = await raw({ port: Number(url.port), path: `${url.pathname}${url.search}` });
  const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return cookie;
}

export async function startTestEditor(
  settings: Partial<EditorSettings> = {},
  options: Partial<StartEditorOptions> = {},
): Promise<TestEditor> {
  const data = await tempDir('editor-data');
  const editor = await startEditor(
    {
      initial: { template: 'greet' },
      host: '127.0.0.1',
      port: 0,
      explicitPort: true,
      environment: { offline: true, cacheDir: `${data.path}/cache` },
      allowOutsideProject: false,
      dataDir: data.path,
      ...settings,
    },
    { logger: silentLogger, ...options },
  );
  const port = Number(new URL(editor.origin).port);
  const cookie = await signIn(editor);
  return {
    editor,
    port,
    cookie,
    dataDir: data.path,
    api: (name, body) => pageApi({ port, origin: editor.origin, cookie, path: `/api/editor/${name}`, body }),
    close: async () => {
      await editor.close();
      await data.remove();
    },
  };
}
