import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '../../preload/shared/errors.js';
import { appDataDir } from '../common/app-data-dir.js';
import { parseRedisUrl } from '../queue/redis/redis-url.js';
import { parseHost } from '../server/host-guard.js';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { UsageError } from './cli-error.js';

/** Options shared by `serve` and `open`, parsed once and typed. */

export const SERVE_OPTIONS = {
  host: { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  port: { type: 'string', short: 'p' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'hub-endpoint': { type: 'string' },
  'allow-outside-project': { type: 'boolean' },
  'print-token': { type: 'boolean' },
  'data-dir': { type: 'string' },
  'no-history': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const SERVE_OPTIONS_HELP = `  --host <name>          Interface to bind (default 127.0.0.1; anything else exposes the demo
                         to your network, so it needs to be asked for)
  --allowed-host <name[:port]>
                         Also answer requests whose Host header is this (repeatable): the public
                         name of a reverse proxy or load balancer in front (docs/deployment.md).
                         Without it only loopback names are served (DNS-rebinding defence)
  -p, --port <n>         Port (default 7860, or the next free one; 0 picks any free port)
  --offline              Never download models; use the cache and local files only
  --cache-dir <dir>      Model cache (default ~/.cache/demo-desktop/models, or $DEMO_DESKTOP_CACHE)
  --hub-endpoint <url>   Hugging Face Hub endpoint or mirror (default https://huggingface.co, or $HF_ENDPOINT)
  --allow-outside-project
                         Accept model paths and JS modules outside the project folder (refused by
                         default; symbolic links are followed to judge)
  --print-token          Print the admin API token (default: print the path of the file, readable
                         only by you, that holds it)
  --no-history           Do not record runs in the history database (docs/store.md)
  -h, --help             Show this help`;

export interface ServeSettings {
  readonly file: string;
  readonly host: string;
  /** Host header values served besides loopback names (`--allowed-host`, lower-cased). */
  readonly allowedHosts?: readonly string[];
  /** Requested port; `explicit` false means "7860 or the next free one". */
  readonly port: number;
  readonly explicitPort: boolean;
  readonly environment: Partial<ModelEnvironment>;
  /** Accept model paths and modules outside the project folder (see project-paths.ts). */
  readonly allowOutsideProject?: boolean;
  /** Print the admin token itself, not only the path of its file. */
  readonly printToken?: boolean;
  /**
   * The app's data folder (main/common/app-data-dir.ts): the history database lives there
   * (docs/store.md). Absent: serveProject records no history unless given a store.
   */
  readonly dataDir?: string;
  /** false (`--no-history`): record nothing, open no database. */
  readonly history?: boolean;
  /**
   * `serve --queue redis://…`: this server is a stateless front of that queue (docs/scale-out.md):
   * it runs nothing itself; `demo-desktop worker` processes run the jobs.
   */
  readonly queue?: string;
}

export const DEFAULT_PORT = 7860;

/** The environment variable that may hold the queue URL instead of --queue (`serve` and `worker`): a password stays out of `ps`. */
export const QUEUE_ENV = 'DEMO_DESKTOP_QUEUE';

/**
 * `serve`'s and `worker`'s queue: `--queue <url>`, else $DEMO_DESKTOP_QUEUE, else none (for `serve`,
 * the embedded queue). Checked before anything starts: a bad URL says what is wrong and where it came
 * from, never the password.
 */
export function queueSetting(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  command: 'serve' | 'worker' = 'serve',
): Pick<ServeSettings, 'queue'> {
  const fromEnv = flag === undefined && env[QUEUE_ENV] !== undefined && env[QUEUE_ENV] !== '';
  const url = fromEnv ? env[QUEUE_ENV] : flag;
  if (url === undefined) return {};
  try {
    parseRedisUrl(url);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new UsageError(fromEnv ? `$${QUEUE_ENV} (read as --queue, which was not given): ${error.message}` : error.message, command);
  }
  return { queue: url };
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (got "${text}").`);
  }
  return port;
}

/** --offline, --cache-dir and --hub-endpoint (checked: an http(s) URL), as `serve`, `open` and `edit` take them. */
export function modelEnvironment(
  values: { offline?: boolean; 'cache-dir'?: string; 'hub-endpoint'?: string },
  command: string,
): ServeSettings['environment'] {
  const hub = values['hub-endpoint'];
  if (hub !== undefined && !/^https?:\/\/[^/]/.test(hub)) {
    throw new UsageError(`--hub-endpoint must be an http(s) URL (got "${hub}").`, command);
  }
  return {
    ...(values.offline ? { offline: true } : {}),
    ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
    ...(hub ? { hubEndpoint: hub } : {}),
  };
}

/** `--allowed-host` values, checked: a host name or address, with an optional port, nothing else. */
function allowedHosts(values: readonly string[] | undefined, command: string): string[] {
  return (values ?? []).map((value) => {
    const parsed = parseHost(value);
    if (!parsed || /[/@\s]/.test(value) || (parsed.port !== null && Number(parsed.port) > 65_535)) {
      throw new UsageError(
        `--allowed-host takes a host name with an optional port, as a Host header carries it (e.g. demo.example.com or demo.example.com:8443); got "${value}".`,
        command,
      );
    }
    return value.trim().toLowerCase();
  });
}

export function serveSettings(
  values: {
    host?: string;
    'allowed-host'?: string[];
    port?: string;
    offline?: boolean;
    'cache-dir'?: string;
    'hub-endpoint'?: string;
    'allow-outside-project'?: boolean;
    'print-token'?: boolean;
    'data-dir'?: string;
    'no-history'?: boolean;
  },
  positionals: readonly string[],
  command: string,
): ServeSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError(`${command} needs a project file, e.g. demo-desktop ${command} project.json`, command);
  if (extra.length > 0) throw new UsageError(`${command} takes one project file; unexpected: ${extra.join(' ')}`, command);
  const port = parsePort(values.port);
  return {
    file,
    host: values.host ?? '127.0.0.1',
    allowedHosts: allowedHosts(values['allowed-host'], command),
    port: port ?? DEFAULT_PORT,
    explicitPort: port !== undefined,
    environment: modelEnvironment(values, command),
    allowOutsideProject: values['allow-outside-project'] === true,
    printToken: values['print-token'] === true,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : appDataDir(),
    history: values['no-history'] !== true,
  };
}
