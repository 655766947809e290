import { env } from '@huggingface/transformers';
import { throwIfAborted } from '../../common/abort.js';
import { hubUnreachableError, missingLocalSource, networkReason } from '../hub-files.js';
import type { ResolvedModel } from '../runtime.js';

/**
 * Points transformers.js at this model's environment. `env` is global to the library, which is one
 * more reason each model runs in its own process: here it describes exactly one model.
 *
 * - cache: `env.cacheDir` (the file system cache, same layout as hub-files.ts)
 * - offline: `env.allowRemoteModels = false`; path sources never download, online or not
 * - hub endpoint: `env.remoteHost` + `env.remotePathTemplate` ({model}/resolve/{revision}/)
 * - `env.fetch` is wrapped to honour the load's AbortSignal, to turn network failures into
 *   DOWNLOAD_FAILED naming the model, the hub and what to do, and to record which files really came over the network (the
 *   library reports "progress" for cache reads too; only downloads are download progress).
 */

export interface NetworkRecord {
  /** File names (relative to the repo) fetched in full from the hub. */
  readonly downloaded: Set<string>;
  /** Every URL requested (range probes included), for error messages. */
  readonly requested: string[];
  /** HTTP status of each URL the hub answered with an error (the library's own error keeps only its text). */
  readonly failed: Map<string, number>;
}

function isRangeRequest(init: unknown): boolean {
  const headers = (init as { headers?: unknown } | undefined)?.headers;
  if (headers instanceof Headers) return headers.has('Range');
  if (headers && typeof headers === 'object') return Object.keys(headers).some((key) => key.toLowerCase() === 'range');
  return false;
}

/** The file name inside the repo, from `{endpoint}/{repo}/resolve/{revision}/{file}`. */
function fileOf(url: string): string {
  const marker = url.indexOf('/resolve/');
  if (marker < 0) return url;
  const rest = url.slice(marker + '/resolve/'.length);
  return decodeURIComponent(rest.slice(rest.indexOf('/') + 1));
}

export function configureEnvironment(model: ResolvedModel, signal: AbortSignal): NetworkRecord {
  const { environment, definition } = model;
  const record: NetworkRecord = { downloaded: new Set(), requested: [], failed: new Map() };
  const fromHub = 'hub' in definition.source;
  env.cacheDir = environment.cacheDir;
  env.useFSCache = true;
  env.useBrowserCache = false;
  env.allowLocalModels = true;
  // Hub models are looked up in the cache folder only, never in the library's own install folder.
  env.localModelPath = environment.cacheDir;
  env.allowRemoteModels = fromHub && !environment.offline;
  env.remoteHost = environment.hubEndpoint.endsWith('/') ? environment.hubEndpoint : `${environment.hubEndpoint}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  env.fetch = async (input: string | URL, init?: unknown): Promise<Response> => {
    const url = String(input);
    record.requested.push(url);
    throwIfAborted(signal);
    let response: Response;
    try {
      response = await fetch(url, { ...(init as RequestInit | undefined), signal });
    } catch (error) {
      // A call, not `signal.aborted`: TS would keep the narrowing from before the await.
      throwIfAborted(signal);
      const repo = 'hub' in definition.source ? definition.source.hub : model.name;
      throw hubUnreachableError({ model: model.name, repo, file: fileOf(url), url, reason: networkReason(error), cause: error });
    }
    if (response.ok && !isRangeRequest(init)) record.downloaded.add(fileOf(url));
    if (!response.ok) record.failed.set(url, response.status);
    return response;
  };
  return record;
}

/** The id transformers.js loads: the repo id for hub sources, the absolute folder otherwise. */
export function modelLocation(model: ResolvedModel): { id: string; revision: string } {
  const { source } = model.definition;
  if ('hub' in source) return { id: source.hub, revision: source.revision };
  if (!model.localPath) throw missingLocalSource(model);
  return { id: model.localPath, revision: 'main' };
}
