import { describe, expect, it } from 'vitest';
import { redo, undo, type History } from '../../../renderer/editor/state/history.js';
import type { JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { applyAction, blocksDoc, historyOf } from './support.js';

/** Twenty mixed edits of every area (with selection changes and coalesced typing between them). */
const EDITS: readonly (readonly [string, unknown, string?])[] = [
  ['block.add', { type: 'textbox' }],
  ['block.setProp', { key: 'label', value: 'N' }, 'label'],
  ['block.setProp', { key: 'label', value: 'Na' }, 'label'],
  ['block.setProp', { key: 'label', value: 'Name' }, 'label'],
  ['block.add', { type: 'row' }],
  ['block.add', { type: 'textbox' }],
  ['block.add', { type: 'button' }],
  ['select.previous', undefined],
  ['block.moveOut', undefined],
  ['block.duplicate', undefined],
  ['block.rename', { id: 'greeting' }],
  ['function.add', { kind: 'js', name: 'greet2' }],
  ['function.set', { name: 'greet2', path: ['export'], value: 'greet' }],
  ['event.add', { event: { trigger: 'button_1.click', inputs: ['textbox_1'], outputs: ['greeting'] } }],
  ['event.set', { event: { index: 0, then: [] }, path: ['concurrencyLimit'], value: 4 }],
  ['event.addThen', { event: { index: 0, then: [] }, onlyOnSuccess: true }],
  ['model.add', { name: 'gpt2', source: { hub: 'Xenova/gpt2' }, task: 'text-generation' }],
  ['project.set', { path: ['queue', 'maxSize'], value: 16 }],
  ['select.previous', undefined],
  ['block.moveUp', undefined],
  ['block.add', { type: 'tabs' }],
  ['block.add', { type: 'tab' }],
  ['block.add', { type: 'markdown' }],
  ['select.parent', undefined],
  ['block.delete', undefined],
];

describe('undo and redo over twenty mixed edits', () => {
  it('undoes every edit back to the start and redoes forward to the same documents', () => {
    const start = blocksDoc([]);
    let history: History = historyOf(start);
    const docs: JsonObject[] = [start];
    for (const [id, payload, coalesce] of EDITS) {
      const before = history.present;
      history = applyAction(history, id, payload, coalesce);
      // Every edit took (none was refused); every selection change moved the selection.
      if (id.startsWith('select.')) expect(history.present.selection, id).not.toEqual(before.selection);
      else expect(history.present.doc, `${id}: ${history.present.notice ?? ''}`).not.toBe(before.doc);
      if (history.present.doc !== docs.at(-1)) {
        if (coalesce !== undefined && history.past.length === docs.length - 1) docs[docs.length - 1] = history.present.doc;
        else docs.push(history.present.doc);
      }
    }
    // Three label keystrokes are one step: twenty steps are recorded.
    expect(history.past).toHaveLength(20);
    expect(docs).toHaveLength(21);
    const end = history.present.doc;
    for (let i = docs.length - 2; i >= 0; i--) {
      history = undo(history);
      expect(history.present.doc).toEqual(docs[i]);
    }
    expect(history.present.doc).toBe(start);
    for (let i = 1; i < docs.length; i++) {
      history = redo(history);
      expect(history.present.doc).toEqual(docs[i]);
    }
    expect(history.present.doc).toBe(end);
    // A sanity look at where it ended: the page has what the edits built.
    expect(JSON.stringify(end)).toContain('"maxSize":16');
  });
});
