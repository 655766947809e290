import { describe, expect, it } from 'vitest';
import { registerAllActions } from '../../../renderer/editor/actions/register-all.js';
import { REPLACE_DOCUMENT, SELECT } from '../../../renderer/editor/actions/editor-actions.js';
import { ActionRegistry } from '../../../renderer/editor/state/action.js';
import { withDoc, type JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { isDirty, openStore, presentState, reduceStore, type StoreEvent } from '../../../renderer/editor/store/editor-store.js';

const GREET: JsonObject = {
  version: 1,
  name: 'greet',
  functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
  ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
};

function registry(): ActionRegistry {
  const actions = new ActionRegistry();
  registerAllActions(actions);
  actions.register<string>({
    id: 'project.rename',
    label: 'Rename project',
    recordsHistory: true,
    needsPayload: true,
    perform: (state, name) => withDoc(state, { ...state.doc, name }),
  });
  return actions;
}

const run = (events: readonly StoreEvent[], actions = registry()) =>
  events.reduce((store, event) => reduceStore(actions, store, event), openStore(GREET, { path: '/p/project.json', template: null }));

describe('editor store', () => {
  it('applies registered actions by id; undo and redo walk the document, not the selection', () => {
    const store = run([
      { type: 'apply', actionId: 'project.rename', payload: 'one' },
      { type: 'apply', actionId: SELECT, payload: { area: 'project' } },
      { type: 'apply', actionId: 'project.rename', payload: 'two' },
      { type: 'undo' },
    ]);
    expect(presentState(store).doc.name).toBe('one');
    expect(run([{ type: 'undo' }], registry()).history.past).toHaveLength(0);
    const redone = reduceStore(registry(), store, { type: 'redo' });
    expect(presentState(redone).doc.name).toBe('two');
  });

  it('is dirty after an edit and clean again when undone back to the saved document', () => {
    const edited = run([{ type: 'apply', actionId: 'project.rename', payload: 'x' }]);
    expect(isDirty(edited)).toBe(true);
    expect(isDirty(reduceStore(registry(), edited, { type: 'undo' }))).toBe(false);
  });

  it('a document equal to the saved one, key order included, is clean', () => {
    const same = run([{ type: 'apply', actionId: REPLACE_DOCUMENT, payload: JSON.parse(JSON.stringify(GREET)) as JsonObject }]);
    expect(isDirty(same)).toBe(false);
    const { name, ...rest } = GREET;
    const reordered = run([{ type: 'apply', actionId: REPLACE_DOCUMENT, payload: { ...rest, name } }]);
    expect(isDirty(reordered)).toBe(true);
  });

  it('saving marks the sent document clean and keeps the path; a later edit is dirty again', () => {
    const actions = registry();
    let store = run([{ type: 'apply', actionId: 'project.rename', payload: 'x' }], actions);
    const sent = presentState(store).doc;
    store = reduceStore(
      actions,
      { ...store, source: { path: null, template: 'greet' } },
      { type: 'apply', actionId: 'project.rename', payload: 'x2' },
    );
    store = reduceStore(actions, store, { type: 'undo' });
    store = reduceStore(actions, store, { type: 'saved', doc: sent, path: '/q/project.json' });
    expect(isDirty(store)).toBe(false);
    // Saved, a new project is a file of its own: the template is forgotten.
    expect(store.source).toEqual({ path: '/q/project.json', template: null });
    store = reduceStore(actions, store, { type: 'apply', actionId: 'project.rename', payload: 'y' });
    expect(isDirty(store)).toBe(true);
    // Undo keeps working across a save.
    expect(presentState(reduceStore(actions, store, { type: 'undo' })).doc.name).toBe('x');
  });

  it('load starts a new file: new history, clean, and the new path', () => {
    const store = run([
      { type: 'apply', actionId: 'project.rename', payload: 'x' },
      { type: 'load', doc: { ...GREET, name: 'other' }, source: { path: null, template: 'greet' } },
    ]);
    expect(store.history.past).toHaveLength(0);
    expect(isDirty(store)).toBe(false);
    expect(store.source).toEqual({ path: null, template: 'greet' });
    expect(presentState(store).doc.name).toBe('other');
  });

  it('replacing the document (the JSON view) is one undo step and rechecks the issues', () => {
    const broken = { ...GREET, ui: { type: 'interface', fn: 'missing', inputs: [], outputs: [] } };
    const store = run([{ type: 'apply', actionId: REPLACE_DOCUMENT, payload: broken }]);
    expect(presentState(store).issues.map((issue) => issue.path)).toContain('$.ui.fn');
    const undone = reduceStore(registry(), store, { type: 'undo' });
    expect(presentState(undone).doc).toBe(GREET);
    expect(presentState(undone).issues).toEqual([]);
  });

  it('an action that changes nothing leaves the store as it was (no re-render, no history entry)', () => {
    const actions = registry();
    const store = openStore(GREET, { path: null, template: null });
    expect(reduceStore(actions, store, { type: 'apply', actionId: REPLACE_DOCUMENT, payload: GREET })).toBe(store);
    expect(reduceStore(actions, store, { type: 'undo' })).toBe(store);
  });

  it('an unknown action id is a programming error', () => {
    expect(() => run([{ type: 'apply', actionId: 'nope', payload: undefined }])).toThrow(/No editor action "nope"/);
  });
});
