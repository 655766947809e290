import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../../../renderer/editor/commands/fuzzy.js';

interface Item {
  readonly label: string;
  readonly keywords?: readonly string[];
}
const ITEMS: Item[] = [
  { label: 'Save' },
  { label: 'Save as…' },
  { label: 'Show events' },
  { label: 'Undo' },
  { label: 'Redo', keywords: ['again'] },
  { label: 'Toggle preview', keywords: ['run'] },
  { label: 'Delete block' },
];
const labels = (query: string) =>
  fuzzyFilter(
    ITEMS,
    query,
    (i) => i.label,
    (i) => i.keywords ?? [],
  ).map((m) => m.item.label);

describe('command palette filter', () => {
  it('keeps every item in order for an empty query', () => {
    expect(labels('  ')).toEqual(ITEMS.map((i) => i.label));
  });

  it('matches characters in order, best first: prefix, then word starts; ties keep the given order', () => {
    expect(labels('save')).toEqual(['Save', 'Save as…']);
    expect(labels('sv')[0]).toBe('Save');
    expect(labels('se')).toEqual(['Show events', 'Save', 'Save as…']);
    expect(labels('db')).toEqual(['Delete block']);
    expect(labels('xyz')).toEqual([]);
    const adds = ['Add Textbox', 'Add Number', 'Add Row'].map((label) => ({ label }));
    expect(fuzzyFilter(adds, 'add', (i) => i.label).map((m) => m.item.label)).toEqual(['Add Textbox', 'Add Number', 'Add Row']);
  });

  it('is case- and space-insensitive', () => {
    expect(labels('TOGGLE PREV')).toEqual(['Toggle preview']);
  });

  it('matches keywords as well as labels', () => {
    expect(labels('run')).toEqual(['Toggle preview']);
    expect(labels('again')).toEqual(['Redo']);
  });

  it('returns the matched indexes for highlighting', () => {
    expect(fuzzyScore('db', 'Delete block')?.indexes).toEqual([0, 7]);
    // Jumping to a word start must not lose a match that only the first occurrence allows.
    expect(fuzzyScore('ab', 'xab a')?.indexes).toEqual([1, 2]);
  });
});
