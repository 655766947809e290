import { AppError, CancelledError } from '../../../preload/shared/errors.js';
import { hostOf, hubFailedError, offlineMissingMessage } from '../hub-files.js';
import type { ResolvedModel } from '../runtime.js';
import type { NetworkRecord } from './transformers-env.js';

/**
 * Turns what transformers.js throws while loading into errors a user can act on. The library's
 * messages are accurate but phrased for its own API (`env.allowRemoteModels=false`,
 * `local_files_only`), which a demo user never set.
 */
export function toLoadError(error: unknown, model: ResolvedModel, signal: AbortSignal, network?: NetworkRecord): AppError {
  if (signal.aborted) return new CancelledError();
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown } | null)?.status;
  const { source } = model.definition;
  const { environment } = model;

  if ('hub' in source) {
    if (/allowRemoteModels=false|local_files_only=true/.test(message)) {
      return new AppError('MODEL_NOT_FOUND', offlineMissingMessage(source.hub, source.revision, environment.cacheDir), {
        cause: error,
      });
    }
    const url = /"(https?:\/\/[^"]+)"/.exec(message)?.[1];
    if (typeof status === 'number' && [401, 403, 404].includes(status)) {
      const where = url ? hostOf(url) : hostOf(environment.hubEndpoint);
      const file = url ? ` (${fileAt(url)})` : '';
      return new AppError(
        'MODEL_NOT_FOUND',
        `${where} has no model "${source.hub}" at revision ${source.revision}, or a file it needs is missing${file}; HTTP ${status}.`,
        { cause: error },
      );
    }
    if (url) {
      // transformers.js words it "<status text>: "<url>"." and keeps the status only for a 404.
      const code = typeof status === 'number' ? status : network?.failed.get(url);
      const detail = code !== undefined ? `HTTP ${code}` : message.replace(/:?\s*"https?:\/\/[^"]+"\.?$/, '');
      return hubFailedError({ model: model.name, repo: source.hub, url, detail: `${detail} for ${fileAt(url)}`, cause: error });
    }
  } else if (/not found locally|Could not locate file|ENOENT/.test(message)) {
    const file = /at "([^"]+)"/.exec(message)?.[1];
    return new AppError(
      'MODEL_NOT_FOUND',
      `Model "${model.name}": ${file ? `${file} is missing` : 'a file is missing'} (folder ${model.localPath ?? '?'}).`,
      { cause: error },
    );
  }
  return new AppError('MODEL_LOAD_FAILED', `Could not load model "${model.name}": ${message}`, { cause: error });
}

/** `{endpoint}/{repo}/resolve/{revision}/{file}` → `{file}`. */
function fileAt(url: string): string {
  return url.slice(url.indexOf('/resolve/') + '/resolve/'.length).replace(/^[^/]*\//, '');
}
