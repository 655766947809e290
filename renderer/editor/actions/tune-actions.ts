import type { EventRecommendation } from '../../../preload/shared/tune/tune-report.js';
import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { JsonObject, JsonValue } from '../state/editor-state.js';
import { eventJsonPath, type EventPath } from '../state/event-refs.js';
import { getIn, isObject, setIn, type JsonPath } from '../state/json.js';
import { section } from '../state/names.js';
import { edited, refused } from './edit.js';

/**
 * Apply a `demo-desktop tune` recommendation (the editor's Capacity section): the event's
 * concurrency limit, batch and largest batch, the replicas of its function's models and
 * `queue.maxSize`, as one undoable edit, the same settings `tune --write` writes. Only values that
 * differ from what the document says (or its default) are written; the user saves as usual.
 */

export const APPLY_TUNE = 'event.applyTune';

export interface ApplyTunePayload {
  /** The Blocks event, or `'interface'`: an Interface's one event (its settings live on `ui`). */
  readonly event: EventPath | 'interface';
  readonly recommendation: EventRecommendation;
}

interface Change {
  readonly path: JsonPath;
  readonly to: JsonValue;
  /** The value an absent key stands for (the schema's default), so it is not written for nothing. */
  readonly fallback?: JsonValue;
}

function changesOf(base: JsonPath, r: EventRecommendation, models: JsonObject): Change[] {
  const changes: Change[] = [
    { path: [...base, 'concurrencyLimit'], to: r.concurrencyLimit },
    { path: [...base, 'batch'], to: r.batch, fallback: false },
  ];
  if (r.batch) changes.push({ path: [...base, 'maxBatchSize'], to: r.maxBatchSize, fallback: 4 });
  for (const [model, replicas] of Object.entries(r.replicas)) {
    if (isObject(models[model])) changes.push({ path: ['models', model, 'replicas'], to: replicas, fallback: 1 });
  }
  if (r.maxSize !== null) changes.push({ path: ['queue', 'maxSize'], to: r.maxSize, fallback: null });
  return changes;
}

export const applyTune: EditorAction<ApplyTunePayload> = {
  id: APPLY_TUNE,
  label: 'Apply the tuned settings',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { event, recommendation }) {
    const base = event === 'interface' ? ['ui'] : eventJsonPath(event);
    if (!isObject(getIn(state.doc, base))) return refused(state, 'That event is gone.');
    const changes = changesOf(base, recommendation, section(state.doc, 'models')).filter(
      (change) => (getIn(state.doc, change.path) ?? change.fallback) !== change.to,
    );
    if (changes.length === 0) return refused(state, 'The project already has the tuned settings.');
    const doc = changes.reduce((current, change) => {
      const parent = change.path.slice(0, -1);
      // queue may be absent: create it rather than fail.
      const withParent = isObject(getIn(current, parent)) ? current : setIn(current, parent, {});
      return setIn(withParent, change.path, change.to);
    }, state.doc);
    const what = changes.map((change) => `${change.path.slice(-1).join('')} ${JSON.stringify(change.to)}`).join(', ');
    return edited(state, doc, state.selection, `Applied the tuned settings (${what}); save to keep them.`);
  },
};

export function registerTuneActions(registry: ActionRegistry): void {
  registry.register(applyTune);
}
