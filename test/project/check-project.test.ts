/**
 * checkProject: the pure check the editor (renderer) and the server share. It never throws for a
 * bad project: whatever the problem, the caller gets every issue it can report, sorted by path.
 */
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../preload/shared/project/check.js';

const GREET = {
  version: 1,
  name: 'greet',
  functions: { greet: { kind: 'js', module: './fns.js', export: 'greet' } },
  ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
};

describe('checkProject', () => {
  it('returns the project and no issues for a valid one', () => {
    const checked = checkProject(GREET);
    expect(checked.issues).toEqual([]);
    expect(checked.project?.name).toBe('greet');
  });

  it('reports a schema error and a reference error together, sorted by path, without throwing', () => {
    const checked = checkProject({ ...GREET, queue: { maxSize: 'ten' }, ui: { ...GREET.ui, fn: 'missing' } });
    expect(checked.project).toBeUndefined();
    expect(checked.issues.map((issue) => issue.path)).toEqual(['$.queue.maxSize', '$.ui.fn']);
  });

  it.each([
    ['not an object', [1, 2], '$'],
    ['a version from the future', { ...GREET, version: 99 }, '$.version'],
    ['a value nested too deep', { ...GREET, deep: JSON.parse('['.repeat(300) + ']'.repeat(300)) as unknown }, '$.deep'],
  ])('reports %s as an issue instead of throwing', (_what, input, path) => {
    const checked = checkProject(input);
    expect(checked.project).toBeUndefined();
    expect(checked.json).toBeUndefined();
    expect(checked.issues[0]?.path.startsWith(path)).toBe(true);
  });
});
