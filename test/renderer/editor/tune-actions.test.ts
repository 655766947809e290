import { describe, expect, it } from 'vitest';
import { APPLY_TUNE, type ApplyTunePayload } from '../../../renderer/editor/actions/tune-actions.js';
import type { JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { undo } from '../../../renderer/editor/state/history.js';
import { applyAction, blocksDoc, button, historyOf, perform, stateOf, textbox } from './support.js';

/** The editor's Apply of a `demo-desktop tune` recommendation: one pure, undoable edit of exactly the tuned settings. */

const DOC = blocksDoc(
  [textbox('prompt'), button('go'), textbox('out')],
  [{ trigger: 'go.click', fn: 'infer', inputs: ['prompt'], outputs: ['out'] }],
  {
    models: { cost: { runtime: 'onnx', source: { path: './cost.onnx' } } },
    functions: { infer: { kind: 'model', model: 'cost' } },
  },
);

const RECOMMENDATION: ApplyTunePayload['recommendation'] = {
  concurrencyLimit: 2,
  batch: true,
  maxBatchSize: 8,
  replicas: { cost: 2, gone: 3 },
  maxSize: 120,
};

const event0 = { index: 0, then: [] };

describe('event.applyTune', () => {
  it('sets the event’s limit and batch, its model’s replicas and queue.maxSize in one step, leaving the rest as it was', () => {
    const state = perform(stateOf(DOC, { area: 'event', index: 0 }), APPLY_TUNE, { event: event0, recommendation: RECOMMENDATION });
    const ui = state.doc.ui as JsonObject;
    expect((ui.events as JsonObject[])[0]).toEqual({
      trigger: 'go.click',
      fn: 'infer',
      inputs: ['prompt'],
      outputs: ['out'],
      concurrencyLimit: 2,
      batch: true,
      maxBatchSize: 8,
    });
    expect(state.doc.models).toEqual({ cost: { runtime: 'onnx', source: { path: './cost.onnx' }, replicas: 2 } });
    expect(state.doc.queue).toEqual({ maxSize: 120 });
    expect(state.selection).toEqual({ area: 'event', index: 0 });
    expect(state.notice).toMatch(
      /Applied the tuned settings \(concurrencyLimit 2, batch true, maxBatchSize 8, replicas 2, maxSize 120\); save/,
    );
    expect({ ...state.doc, ui: undefined, models: undefined, queue: undefined }).toEqual({ ...DOC, ui: undefined, models: undefined });
  });

  it('is one undo step: undo gives back the document as it was', () => {
    const history = applyAction(historyOf(DOC), APPLY_TUNE, { event: event0, recommendation: RECOMMENDATION });
    expect(history.present.doc).not.toBe(DOC);
    expect(undo(history).present.doc).toEqual(DOC);
  });

  it('writes nothing the document already says (or that is the default), and refuses with a notice when nothing changes', () => {
    const unbatched = { ...RECOMMENDATION, batch: false, replicas: { cost: 1 }, maxSize: null };
    const once = perform(stateOf(DOC), APPLY_TUNE, { event: event0, recommendation: unbatched });
    expect(((once.doc.ui as JsonObject).events as JsonObject[])[0]).not.toHaveProperty('batch');
    expect(((once.doc.ui as JsonObject).events as JsonObject[])[0]).toHaveProperty('concurrencyLimit', 2);
    expect(once.doc.models).toEqual(DOC.models);
    expect(once.doc).not.toHaveProperty('queue');
    const again = perform(once, APPLY_TUNE, { event: event0, recommendation: unbatched });
    expect(again.doc).toBe(once.doc);
    expect(again.notice).toBe('The project already has the tuned settings.');
  });

  it('applies to an Interface’s settings on ui, and refuses an event that is gone', () => {
    const iface: JsonObject = { version: 1, models: {}, functions: {}, ui: { type: 'interface', fn: 'f', inputs: [], outputs: [] } };
    const state = perform(stateOf(iface), APPLY_TUNE, { event: 'interface', recommendation: { ...RECOMMENDATION, replicas: {} } });
    expect(state.doc.ui).toMatchObject({ concurrencyLimit: 2, batch: true, maxBatchSize: 8 });
    const gone = perform(stateOf(DOC), APPLY_TUNE, { event: { index: 3, then: [] }, recommendation: RECOMMENDATION });
    expect(gone.doc).toBe(DOC);
    expect(gone.notice).toBe('That event is gone.');
  });
});
