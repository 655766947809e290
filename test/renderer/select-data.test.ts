import type { KeyboardEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { pressable } from '../../renderer/components/blocks/shared/pressable.js';
import {
  cellSelect,
  checkboxSelect,
  choiceSelect,
  gallerySelect,
  multiselectChanges,
  spanSelect,
  textSelect,
  type SelectData,
} from '../../renderer/components/blocks/shared/select-data.js';
import { parseConfig, type Dependency } from '../../renderer/runner/config.js';
import { RunnerController, type EndpointRunner, type RunHandlers } from '../../renderer/runner/controller.js';
import { toWireEventData } from '../../renderer/runner/event-data.js';
import { blocksConfig } from './fixtures.js';

const choices = [
  { label: 'Cat', value: 'cat' },
  { label: 'Dog', value: 'dog' },
  { label: 'Three', value: 3 },
];

describe('SelectData builders', () => {
  it('gives a dataframe cell with its row and column, missing cells as null', () => {
    const rows = [
      ['a', 1],
      ['b', 2, 'extra'],
    ];
    expect(cellSelect(rows, 1, 0)).toEqual({ index: [1, 0], value: 'b', rowValue: ['b', 2, 'extra'], colValue: ['a', 'b'] });
    expect(cellSelect(rows, 0, 2)).toEqual({ index: [0, 2], value: null, rowValue: ['a', 1], colValue: [null, 'extra'] });
  });

  it('gives a text range in order, and nothing for a bare caret', () => {
    expect(textSelect('hello world', 6, 11)).toEqual({ index: [6, 11], value: 'world' });
    expect(textSelect('hello world', 5, 0)).toEqual({ index: [0, 5], value: 'hello' });
    expect(textSelect('hello', 2, 2)).toBeNull();
    expect(textSelect('hello', null, null)).toBeNull();
  });

  it('gives a choice by index with its value, and nothing out of range', () => {
    expect(choiceSelect(choices, 2)).toEqual({ index: 2, value: 3, selected: true });
    expect(choiceSelect(choices, 0, false)).toEqual({ index: 0, value: 'cat', selected: false });
    expect(choiceSelect(choices, -1)).toBeNull();
    expect(choiceSelect(choices, 3)).toBeNull();
  });

  it('gives a checkbox state as value and selected', () => {
    expect(checkboxSelect(true)).toEqual({ index: 0, value: true, selected: true });
    expect(checkboxSelect(false)).toEqual({ index: 0, value: false, selected: false });
  });

  it('gives one select per multiselect option added or removed', () => {
    expect(multiselectChanges(choices, ['cat'], ['cat', 3])).toEqual([{ index: 2, value: 3, selected: true }]);
    expect(multiselectChanges(choices, ['cat', 'dog'], ['dog', 3])).toEqual([
      { index: 0, value: 'cat', selected: false },
      { index: 2, value: 3, selected: true },
    ]);
    expect(multiselectChanges(choices, ['dog'], ['dog'])).toEqual([]);
  });

  it("gives a gallery item as Gradio's {image|video, caption}", () => {
    const file = { path: '/tmp/a.png', url: 'http://h/a.png' };
    expect(gallerySelect(1, { media: file, kind: 'image', caption: 'Cat' })).toEqual({ index: 1, value: { image: file, caption: 'Cat' } });
    expect(gallerySelect(0, { media: file, kind: 'video', caption: null })).toEqual({ index: 0, value: { video: file, caption: null } });
  });

  it('gives a highlighted span as [text, label]', () => {
    expect(spanSelect(3, { text: 'Paris', label: 'LOC' })).toEqual({ index: 3, value: ['Paris', 'LOC'] });
    expect(spanSelect(0, { text: 'in ', label: null })).toEqual({ index: 0, value: ['in ', null] });
  });
});

describe('toWireEventData', () => {
  it("writes Gradio's snake_case names and leaves out what is not set", () => {
    expect(toWireEventData({ index: [1, 0], value: 'b', rowValue: ['b'], colValue: ['a', 'b'] })).toEqual({
      index: [1, 0],
      value: 'b',
      row_value: ['b'],
      col_value: ['a', 'b'],
    });
    expect(toWireEventData({ index: 0, value: null, selected: false })).toEqual({ index: 0, value: null, selected: false });
    expect(Object.keys(toWireEventData({ index: 2, value: 'x' }))).toEqual(['index', 'value']);
  });
});

describe('pressable', () => {
  const key = (k: string, own = true) => {
    let prevented = false;
    const target = {};
    const event = { key: k, target, currentTarget: own ? target : {}, preventDefault: () => (prevented = true) };
    return { event: event as unknown as KeyboardEvent, prevented: () => prevented };
  };

  it('acts on click, Enter and Space on the element itself only', () => {
    let presses = 0;
    const props = pressable(() => presses++);
    expect(props.tabIndex).toBe(0);
    props.onClick();
    const enter = key('Enter');
    props.onKeyDown(enter.event);
    props.onKeyDown(key(' ').event);
    expect(presses).toBe(3);
    expect(enter.prevented()).toBe(true);
    props.onKeyDown(key('a').event);
    props.onKeyDown(key('Enter', false).event);
    expect(presses).toBe(3);
  });
});

describe('RunnerController with select', () => {
  class Recorder implements EndpointRunner {
    readonly runs: { api: string; eventData: SelectData | undefined; handlers: RunHandlers }[] = [];
    run(dep: Dependency, _data: readonly unknown[], handlers: RunHandlers, eventData?: SelectData) {
      this.runs.push({ api: dep.apiName, eventData, handlers });
      return { done: new Promise<void>(() => undefined), cancel: () => Promise.resolve() };
    }
  }

  function setup() {
    const raw = blocksConfig();
    const deps = raw.dependencies as Record<string, unknown>[];
    deps.push({ id: 4, targets: [[1, 'select']], inputs: [1], outputs: [2], api_name: 'picked' });
    const endpoint = new Recorder();
    return { endpoint, controller: new RunnerController(parseConfig(raw), endpoint, () => 1000) };
  }

  it('sends the select data with the runs it triggers, and none with other triggers', () => {
    const { endpoint, controller } = setup();
    const data: SelectData = { index: [0, 3], value: 'Ada' };
    expect(controller.listenedEvents(1).has('select')).toBe(true);
    controller.trigger(1, 'select', data);
    controller.trigger(3, 'click');
    expect(endpoint.runs.map((r) => [r.api, r.eventData])).toEqual([
      ['picked', data],
      ['greet', undefined],
    ]);
  });

  it('does not pass select data on to runs that an output change triggers', () => {
    const { endpoint, controller } = setup();
    controller.trigger(1, 'select', { index: [0, 1], value: 'A' });
    endpoint.runs[0]?.handlers.onData(['Hello A']);
    expect(endpoint.runs.map((r) => [r.api, r.eventData])).toEqual([
      ['picked', { index: [0, 1], value: 'A' }],
      ['log_greeting', undefined],
    ]);
  });
});
