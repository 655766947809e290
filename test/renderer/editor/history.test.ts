import { describe, expect, it } from 'vitest';
import { ActionRegistry, type EditorAction } from '../../../renderer/editor/state/action.js';
import { createState, withDoc, type JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { apply, canRedo, canUndo, redo, startHistory, undo } from '../../../renderer/editor/state/history.js';

const GREET: JsonObject = {
  version: 1,
  name: 'greet',
  functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
  ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
};

const rename: EditorAction<string> = {
  id: 'project.rename',
  label: 'Rename project',
  recordsHistory: true,
  perform: (state, name) => withDoc(state, { ...state.doc, name }),
};
const selectProject: EditorAction = {
  id: 'select.project',
  label: 'Select project',
  recordsHistory: false,
  perform: (state) => ({ ...state, selection: { area: 'project' } }),
};

describe('editor history', () => {
  it('undoes and redoes document edits, but not selection changes', () => {
    let history = startHistory(createState(GREET));
    history = apply(history, rename, 'one');
    history = apply(history, selectProject, undefined);
    history = apply(history, rename, 'two');
    expect(history.present.doc.name).toBe('two');
    expect(history.past).toHaveLength(2);
    history = undo(history);
    expect(history.present.doc.name).toBe('one');
    history = undo(history);
    expect(history.present.doc.name).toBe('greet');
    expect(canUndo(history)).toBe(false);
    history = redo(redo(history));
    expect(history.present.doc.name).toBe('two');
    expect(canRedo(history)).toBe(false);
  });

  it('makes one undo step of consecutive edits with the same coalesce key', () => {
    let history = startHistory(createState(GREET));
    for (const name of ['g', 'gr', 'gre']) history = apply(history, rename, name, { coalesce: 'name' });
    history = apply(history, rename, 'other', { coalesce: 'description' });
    expect(undo(history).present.doc.name).toBe('gre');
    expect(undo(undo(history)).present.doc.name).toBe('greet');
  });

  it('a new edit after an undo drops the redo branch', () => {
    let history = apply(startHistory(createState(GREET)), rename, 'a');
    history = apply(undo(history), rename, 'b');
    expect(canRedo(history)).toBe(false);
    expect(undo(history).present.doc.name).toBe('greet');
  });

  it('checks every edit with the shared schema: issues appear and go with the document', () => {
    const broken: EditorAction = {
      id: 'test.break',
      label: 'Break',
      recordsHistory: true,
      perform: (state) =>
        withDoc(state, { ...state.doc, queue: { maxSize: 'ten' }, ui: { ...(state.doc.ui as JsonObject), fn: 'missing' } }),
    };
    let history = startHistory(createState(GREET));
    expect(history.present.issues).toEqual([]);
    history = apply(history, broken, undefined);
    expect(history.present.issues.map((issue) => issue.path)).toEqual(['$.queue.maxSize', '$.ui.fn']);
    expect(undo(history).present.issues).toEqual([]);
  });
});

describe('ActionRegistry', () => {
  it('finds actions by id and shortcut and refuses a second action with the same id', () => {
    const registry = new ActionRegistry();
    registry.register({ ...selectProject, shortcut: 'Mod+P' });
    expect(registry.get('select.project').label).toBe('Select project');
    expect(registry.byShortcut('Mod+P')?.id).toBe('select.project');
    expect(() => registry.register(selectProject)).toThrow(/registered twice/);
    expect(() => registry.get('nope')).toThrow(/No editor action/);
  });
});
