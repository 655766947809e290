import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../renderer/runner/config.js';
import {
  applyOutputs,
  buildPayload,
  buildTriggerIndex,
  effectiveProps,
  isInteractive,
  loadDependencies,
  onlyChanged,
  progressTargets,
  statusAnchor,
  triggered,
} from '../../renderer/runner/dependencies.js';
import { fileName, fileUrl, initialValues, toWire, type LocalFile } from '../../renderer/runner/values.js';
import { blocksConfig, chatConfig, interfaceConfig } from './fixtures.js';

const blocks = parseConfig(blocksConfig());
const iface = parseConfig(interfaceConfig());
const predict = (() => {
  const d = iface.dependencies[0];
  if (!d) throw new Error('the interface fixture has dependency 0');
  return d;
})();
const component = (id: number) => {
  const c = blocks.components.get(id);
  if (!c) throw new Error(`no component ${id}`);
  return c;
};
const dep = (id: number) => {
  const d = blocks.dependencies.find((x) => x.id === id);
  if (!d) throw new Error(`no dependency ${id}`);
  return d;
};

describe('triggers', () => {
  it('indexes targets by component and event', () => {
    const index = buildTriggerIndex(iface.dependencies);
    expect(triggered(index, 4, 'click').map((d) => d.apiName)).toEqual(['predict']);
    expect(triggered(index, 1, 'submit').map((d) => d.apiName)).toEqual(['predict']);
    expect(triggered(index, 1, 'change')).toEqual([]);
    expect(loadDependencies(buildTriggerIndex(blocks.dependencies)).map((d) => d.apiName)).toEqual(['banner']);
  });
});

describe('isInteractive', () => {
  it('follows Gradio: explicit prop, else inputs are editable and output-only components are not', () => {
    expect(isInteractive(component(1), blocks.dependencies)).toBe(true);
    expect(isInteractive(component(2), blocks.dependencies)).toBe(true); // an input of log_greeting too
    expect(isInteractive(component(5), blocks.dependencies)).toBe(false);
    expect(isInteractive(component(3), blocks.dependencies)).toBe(true); // in no dependency
    expect(isInteractive({ ...component(5), props: { interactive: true } }, blocks.dependencies)).toBe(true);
    expect(isInteractive({ ...component(1), props: { interactive: false } }, blocks.dependencies)).toBe(false);
  });
});

describe('values and payloads', () => {
  it('starts from props.value or Gradio’s implicit defaults', () => {
    const values = initialValues(blocks.components.values());
    expect(values.get(1)).toBe('');
    expect(values.get(4)).toBe(2); // slider: its minimum
    expect(values.get(5)).toBeNull();
    expect(values.get(6)).toBe(0); // state: its value
    expect(values.get(7)).toBe('');
  });

  it('sends one value per input, State as null', () => {
    const values = new Map(initialValues(blocks.components.values())).set(1, 'Ada');
    expect(buildPayload(dep(0), values, blocks.components)).toEqual(['Ada', null]);
  });

  it('sends local files as their Blob so the Gradio client uploads them', () => {
    const blob = new Blob(['x']);
    const local: LocalFile = { kind: 'local-file', blob, name: 'a.png', previewUrl: 'blob:1' };
    expect(toWire(local)).toBe(blob);
    expect(toWire([local, 'y'])).toEqual([blob, 'y']);
    expect(fileUrl(local)).toBe('blob:1');
    expect(fileName(local)).toBe('a.png');
    expect(fileUrl({ path: '/tmp/x/b.wav', url: 'http://h/gradio_api/file=/tmp/x/b.wav' })).toBe('http://h/gradio_api/file=/tmp/x/b.wav');
    expect(fileName({ path: '/tmp/x/b.wav' })).toBe('b.wav');
    expect(fileUrl('not a url')).toBeNull();
  });
});

describe('applyOutputs', () => {
  it('sets values in output order and reports what changed', () => {
    const values = new Map<number, unknown>([
      [2, 'old'],
      [6, 1],
    ]);
    const result = applyOutputs(values, new Map(), dep(0), ['Hello, Ada!', 1]);
    expect(result.values.get(2)).toBe('Hello, Ada!');
    expect(result.changed).toEqual([2]);
    expect(values.get(2)).toBe('old'); // inputs are not mutated
  });

  it('compares objects by content, so an identical label does not count as a change', () => {
    const label = { label: 'POSITIVE', confidences: [{ label: 'POSITIVE', confidence: 0.9 }] };
    const before = new Map<number, unknown>([[2, label]]);
    expect(applyOutputs(before, new Map(), predict, [structuredClone(label)]).changed).toEqual([]);
  });

  it('applies gr.update dicts: props into overrides, value only when given', () => {
    const result = applyOutputs(new Map([[2, 'keep']]), new Map(), dep(0), [{ __type__: 'update', visible: false, label: 'Hi' }]);
    expect(result.values.get(2)).toBe('keep');
    expect(result.changed).toEqual([]);
    expect(effectiveProps(component(2), result.overrides)).toMatchObject({ label: 'Hi', visible: false });
    const next = applyOutputs(result.values, result.overrides, dep(0), [{ __type__: 'update', value: 'new' }]);
    expect(next.values.get(2)).toBe('new');
    expect(next.overrides.get(2)).toEqual({ visible: false, label: 'Hi' });
  });

  it('ignores missing trailing outputs', () => {
    expect(applyOutputs(new Map(), new Map(), dep(0), ['only one']).changed).toEqual([2]);
  });
});

describe('statusAnchor and progressTargets', () => {
  it('is the first drawn output, or null (page-level) when there is none', () => {
    expect(statusAnchor(dep(0), blocks.components)).toBe(2);
    expect(statusAnchor(dep(3), blocks.components)).toBeNull();
    const stateOnly = { ...dep(0), outputs: [6] };
    expect(statusAnchor(stateOnly, blocks.components)).toBeNull();
  });

  it('covers every drawn output but a box the run also reads (the chat message box), unless none is left', () => {
    const chat = parseConfig(chatConfig());
    const [talk] = chat.dependencies;
    if (!talk) throw new Error('no chat dependency');
    expect(progressTargets(talk, chat.components)).toEqual([1]); // the chatbot, not the message box (2)
    expect(progressTargets({ ...talk, outputs: [2] }, chat.components)).toEqual([2]); // a rewrite in place
    expect(progressTargets({ ...dep(0), outputs: [2, 2, 6] }, blocks.components)).toEqual([2]);
  });
});

describe('onlyChanged', () => {
  it('turns each output equal to the previous data into "no change" (Gradio streams diffs)', () => {
    const history = [{ role: 'user', content: 'hi' }];
    expect(onlyChanged([[], ''], [history, ''])).toEqual([history, { __type__: 'update' }]);
    expect(onlyChanged([history, ''], [[...history], 'x'])).toEqual([{ __type__: 'update' }, 'x']);
    // An output with no previous value (more data than before) is new.
    expect(onlyChanged([], ['a'])).toEqual(['a']);
  });
});
