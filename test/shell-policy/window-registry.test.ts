import { describe, expect, it } from 'vitest';
import { WindowRegistry, samePage } from '../../main/shell-policy/window-registry.js';

interface FakeWindow {
  readonly id: number;
}

const app = 'http://127.0.0.1:40000';
const demo = 'http://127.0.0.1:40001';

describe('WindowRegistry', () => {
  it('creates a window for a new key and focuses the open one for the same key', () => {
    const registry = new WindowRegistry<FakeWindow>();
    expect(registry.decide('/p/a/project.json', `${demo}/`)).toEqual({ action: 'create' });
    const a = { id: 1 };
    registry.add({ key: '/p/a/project.json', kind: 'project', url: `${demo}/`, window: a });
    expect(registry.decide('/p/a/project.json', `${demo}/`)).toEqual({ action: 'focus' });
    expect(registry.get('/p/a/project.json')).toMatchObject({ origin: demo, window: a });
    expect(registry.find(a)?.key).toBe('/p/a/project.json');
    expect(registry.find({ id: 1 })).toBeUndefined();
  });

  it('does not reload for a new sign-in token, but loads a different page into the open window', () => {
    const registry = new WindowRegistry<FakeWindow>();
    registry.add({ key: 'editor', kind: 'editor', url: `${app}/editor?token=one&project=%2Fa`, window: { id: 1 } });
    expect(registry.decide('editor', `${app}/editor?project=%2Fa&token=two`)).toEqual({ action: 'focus' });
    expect(registry.decide('editor', `${app}/editor?token=three&project=%2Fb`)).toEqual({ action: 'load' });
    registry.navigated('editor', `${app}/editor?project=%2Fb`);
    expect(registry.decide('editor', `${app}/editor?project=%2Fb`)).toEqual({ action: 'focus' });
  });

  it('removes a closed window, but a late close of an old window keeps the new one of that key', () => {
    const registry = new WindowRegistry<FakeWindow>();
    const first = { id: 1 };
    const second = { id: 2 };
    registry.add({ key: 'home', kind: 'home', url: `${app}/home`, window: first });
    expect(registry.closed('home', first)).toBe(true);
    expect(registry.get('home')).toBeUndefined();
    registry.add({ key: 'home', kind: 'home', url: `${app}/home`, window: second });
    expect(registry.closed('home', first)).toBe(false);
    expect(registry.get('home')?.window).toBe(second);
  });

  it('knows the origins of its windows and the open project paths', () => {
    const registry = new WindowRegistry<FakeWindow>();
    registry.add({ key: 'home', kind: 'home', url: `${app}/home`, window: { id: 1 } });
    registry.add({ key: '/p/a/project.json', kind: 'project', url: `${demo}/`, window: { id: 2 } });
    registry.add({ key: 'broken', kind: 'home', url: 'not a url', window: { id: 3 } });
    expect(registry.origins()).toEqual(new Set([app, demo, 'null']));
    expect(registry.projectPaths()).toEqual(['/p/a/project.json']);
    expect(registry.get('broken')?.origin).toBe('null');
  });

  it('samePage ignores the fragment and query order, not the path or the origin', () => {
    expect(samePage(`${app}/a?x=1&y=2#top`, `${app}/a?y=2&x=1`)).toBe(true);
    expect(samePage(`${app}/a`, `${app}/b`)).toBe(false);
    expect(samePage(`${app}/a`, `${demo}/a`)).toBe(false);
    expect(samePage('nonsense', 'nonsense')).toBe(false);
  });
});
