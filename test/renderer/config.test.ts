import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../renderer/runner/config.js';
import { buildViewTree, layoutLabel } from '../../renderer/runner/layout.js';
import { blocksConfig, interfaceConfig } from './fixtures.js';

describe('parseConfig', () => {
  it('reads components, dependencies (camelCase) and the interface extras', () => {
    const config = parseConfig(interfaceConfig());
    expect(config.mode).toBe('interface');
    expect(config.title).toBe('Sentiment');
    expect(config.components.get(4)).toMatchObject({ type: 'button', key: '__submit' });
    expect(config.dependencies[0]).toEqual({
      id: 0,
      targets: [
        [4, 'click'],
        [1, 'submit'],
      ],
      inputs: [1],
      outputs: [2],
      apiName: 'predict',
      apiVisibility: 'public',
      queue: true,
      triggerMode: 'once',
      showProgress: 'full',
      triggerAfter: null,
      triggerOnlyOnSuccess: false,
      requiredInputs: [],
    });
    expect(config.examples).toEqual([['I love it'], ['I hate it']]);
    expect(config.description).toBe('Type a sentence.');
  });

  it('reads api_visibility (a private endpoint gets no before-you-submit estimate)', () => {
    const raw = interfaceConfig();
    const deps = raw.dependencies as Record<string, unknown>[];
    if (deps[0]) deps[0].api_visibility = 'private';
    expect(parseConfig(raw).dependencies[0]?.apiVisibility).toBe('private');
  });

  it('ignores fields it does not use and defaults the ones Gradio may leave out', () => {
    const raw = interfaceConfig();
    raw.future_field = { anything: true };
    const deps = raw.dependencies as Record<string, unknown>[];
    delete deps[0]?.trigger_mode;
    delete deps[0]?.id;
    delete raw.examples;
    const config = parseConfig(raw);
    expect(config.dependencies[0]?.id).toBe(0);
    expect(config.dependencies[0]?.triggerMode).toBe('once');
    expect(config.examples).toEqual([]);
  });

  it("reads required_inputs (demo-desktop's own key; none from a Gradio server)", () => {
    const raw = interfaceConfig();
    const deps = raw.dependencies as Record<string, unknown>[];
    deps[0] = { ...deps[0], required_inputs: [1] };
    expect(parseConfig(raw).dependencies[0]?.requiredInputs).toEqual([1]);
    delete deps[0].required_inputs;
    expect(parseConfig(raw).dependencies[0]?.requiredInputs).toEqual([]);
    deps[0] = { ...deps[0], required_inputs: ['photo'] };
    expect(() => parseConfig(raw)).toThrow(/dependencies\[0\]\.required_inputs\[0\]/);
  });

  it('reads chained dependencies: trigger_after, trigger_only_on_success, no component target', () => {
    const raw = interfaceConfig();
    const deps = raw.dependencies as Record<string, unknown>[];
    const base = deps[0] ?? {};
    deps.push(
      { ...base, id: 1, targets: [[null, 'then']], api_name: 'after', trigger_after: 0, trigger_only_on_success: false },
      { ...base, id: 2, targets: [[null, 'success']], api_name: 'ok', trigger_after: 1, trigger_only_on_success: true },
    );
    const config = parseConfig(raw);
    expect(config.dependencies.map((d) => [d.id, d.targets, d.triggerAfter, d.triggerOnlyOnSuccess])).toEqual([
      [
        0,
        [
          [4, 'click'],
          [1, 'submit'],
        ],
        null,
        false,
      ],
      [1, [], 0, false],
      [2, [], 1, true],
    ]);
    deps[2] = { ...deps[2], trigger_after: 7 };
    expect(() => parseConfig(raw)).toThrow(/dependencies\[2\]\.trigger_after: expected the id of a listed dependency \(got 7\)/);
    deps[2] = { ...deps[2], trigger_after: 'first' };
    expect(() => parseConfig(raw)).toThrow(/dependencies\[2\]\.trigger_after: expected an integer/);
  });

  it('names the JSON path of what is wrong', () => {
    const raw = interfaceConfig();
    const deps = raw.dependencies as Record<string, unknown>[];
    deps[0] = { ...deps[0], inputs: [1, 99] };
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(/dependencies\[0\]\.inputs\[1\].*got 99/);
    expect(() => parseConfig({ ...interfaceConfig(), components: {} })).toThrow(/at components: expected an array/);
    expect(() => parseConfig({ ...interfaceConfig(), layout: { id: 'x' } })).toThrow(/layout\.id/);
    expect(() => parseConfig(null)).toThrow(/\(root\)/);
  });
});

describe('buildViewTree', () => {
  it('resolves layout blocks and components, the root as a column', () => {
    const tree = buildViewTree(parseConfig(interfaceConfig()));
    expect(tree).toMatchObject({ kind: 'layout', id: 0, layout: 'column' });
    if (tree.kind !== 'layout') throw new Error('root is a layout');
    const row = tree.children[0];
    expect(row).toMatchObject({ kind: 'layout', layout: 'row' });
    if (row?.kind !== 'layout') throw new Error('row');
    const [inputs, outputs] = row.children;
    expect(inputs).toMatchObject({ kind: 'layout', layout: 'column', props: { variant: 'panel' } });
    expect(outputs).toMatchObject({ kind: 'layout', children: [{ kind: 'component', component: { key: 'sentiment' } }] });
  });

  it('maps tabs/tabitem and marks ids that name nothing as missing', () => {
    const raw = blocksConfig();
    (raw.layout as { children: unknown[] }).children.push({ id: 404 });
    const tree = buildViewTree(parseConfig(raw));
    if (tree.kind !== 'layout') throw new Error('root is a layout');
    expect(tree.children.map((c) => (c.kind === 'layout' ? c.layout : c.kind))).toEqual(['component', 'tabs', 'component', 'missing']);
    const tabs = tree.children[1];
    if (tabs?.kind !== 'layout') throw new Error('tabs');
    expect(tabs.children.map((t) => (t.kind === 'layout' ? layoutLabel(t.props, '?') : null))).toEqual(['One', 'Two']);
  });
});
