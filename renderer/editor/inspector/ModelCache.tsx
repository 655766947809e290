import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ModelsResponse } from '../../../preload/shared/editor/editor-api.js';
import type { ModelAddPayload, ModelSetPayload } from '../actions/model-actions.js';
import { createEditorClient } from '../api/editor-client.js';
import type { AreaProps } from '../area-props.js';
import { freshName, nameFromHubId, section } from '../state/names.js';

type Cache =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly cache: ModelsResponse }
  | { readonly phase: 'failed'; readonly message: string };

const size = (bytes: number): string =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;

/**
 * The Hugging Face models already in the local cache (GET /api/editor/models): each can be added
 * as a model, or used as the source of the selected one, without a download.
 */
export function ModelCache(props: AreaProps & { readonly selected: string | null }): ReactNode {
  const client = useMemo(() => createEditorClient(), []);
  const [cache, setCache] = useState<Cache>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    client.models().then(
      (answer) => live && setCache({ phase: 'ready', cache: answer }),
      (error: unknown) => live && setCache({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  const taken = Object.keys(section(props.state.doc, 'models'));
  return (
    <details className="ins-more" data-testid="model-cache">
      <summary>In the local model cache{cache.phase === 'ready' ? ` (${String(cache.cache.models.length)})` : ''}</summary>
      {cache.phase === 'loading' ? <p className="cv-muted">Looking…</p> : null}
      {cache.phase === 'failed' ? <p className="cv-muted">The cache could not be listed: {cache.message}</p> : null}
      {cache.phase === 'ready' && cache.cache.models.length === 0 ? (
        <p className="cv-muted">Nothing in {cache.cache.cacheDir} yet: a Hugging Face model is downloaded there on first use.</p>
      ) : null}
      {cache.phase === 'ready' && cache.cache.models.length > 0 ? (
        <ul className="ins-list">
          {cache.cache.models.map((model) => (
            <li key={model.id} className="ins-cached">
              <span className="ins-cached-id" title={`${String(model.files)} files`}>
                {model.id} <span className="cv-muted">{size(model.bytes)}</span>
              </span>
              <button
                type="button"
                className="ins-link"
                onClick={() =>
                  props.dispatch<ModelAddPayload>('model.add', {
                    name: freshName(nameFromHubId(model.id), taken),
                    source: { hub: model.id },
                  })
                }
              >
                Add
              </button>
              {props.selected !== null ? (
                <button
                  type="button"
                  className="ins-link"
                  onClick={() =>
                    props.dispatch<ModelSetPayload>('model.set', { name: props.selected ?? '', path: ['source'], value: { hub: model.id } })
                  }
                >
                  Use for {props.selected}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
