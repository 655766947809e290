import { describe, expect, it } from 'vitest';
import { COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import {
  componentFields,
  controlFor,
  definition,
  fieldLabel,
  fieldsOf,
  layoutFields,
  projectSchema,
  variant,
} from '../../../renderer/editor/inspector/schema-fields.js';

const byKey = (fields: ReturnType<typeof fieldsOf>): Record<string, unknown> => Object.fromEntries(fields.map((f) => [f.key, f.control]));

describe('inspector fields from the schema', () => {
  it('gives every component kind its fields, the common ones first', () => {
    for (const type of COMPONENT_TYPES) {
      const keys = componentFields(type).map((f) => f.key);
      expect(keys, type).not.toContain('type');
      expect(keys, type).not.toContain('id');
      if (type !== 'state') expect(keys.slice(0, 3), type).toEqual(['label', 'info', 'visible']);
    }
  });

  it('maps strings, numbers with bounds, booleans, enums, enum lists and string lists to their controls', () => {
    const slider = byKey(componentFields('slider'));
    expect(slider.label).toEqual({ kind: 'text', multiline: false });
    expect(slider.minWidth).toEqual({ kind: 'number', integer: true, min: 0, max: undefined });
    expect(slider.step).toEqual({ kind: 'number', integer: false, min: 0, max: undefined });
    expect(slider.visible).toEqual({ kind: 'boolean' });
    const image = byKey(componentFields('image'));
    expect(image.sources).toEqual({ kind: 'multi', options: ['upload', 'webcam', 'clipboard'] });
    expect(image.imageMode).toEqual({ kind: 'select', options: ['RGB', 'L', 'RGBA'] });
    expect(image.height).toEqual({ kind: 'number', integer: true, min: 1, max: undefined });
    expect(byKey(componentFields('dropdown')).choices).toEqual({ kind: 'list' });
    expect(byKey(componentFields('textbox')).elemClasses).toEqual({ kind: 'list' });
    expect(byKey(componentFields('json')).value).toEqual({ kind: 'json' });
    expect(byKey(componentFields('markdown')).value).toEqual({ kind: 'text', multiline: true });
  });

  it('gives the event its queue settings: a limit that may be "default" or unlimited, an API name that may be off', () => {
    const event = fieldsOf(definition('Event'));
    const controls = byKey(event);
    expect(controls.concurrencyLimit).toEqual({
      kind: 'number-or',
      integer: true,
      min: 1,
      max: undefined,
      specials: [
        { value: null, label: 'unlimited' },
        { value: 'default', label: 'default' },
      ],
    });
    expect(controls.apiName).toEqual({ kind: 'text-or-off' });
    expect(controls.batch).toEqual({ kind: 'boolean' });
    expect(event.find((f) => f.key === 'maxBatchSize')).toMatchObject({ label: 'Max batch size', defaultValue: 4 });
  });

  it('reads the queue, a model runtime and a function kind from the project schema', () => {
    const queue = byKey(fieldsOf(projectSchema().properties?.queue));
    expect(queue.maxSize).toMatchObject({ kind: 'number-or', specials: [{ value: null, label: 'unlimited' }] });
    expect(queue.apiOpen).toEqual({ kind: 'boolean' });
    const transformers = byKey(fieldsOf(variant(definition('Model'), 'runtime', 'transformers')));
    expect(transformers.task).toMatchObject({ kind: 'select' });
    expect(transformers.dtype).toMatchObject({ kind: 'select', options: expect.arrayContaining(['fp32', 'q8']) });
    expect(transformers.device).toEqual({ kind: 'select', options: ['auto', 'cpu', 'gpu'] });
    const parallel = byKey(fieldsOf(variant(definition('Function'), 'kind', 'parallel')));
    expect(parallel.functions).toEqual({ kind: 'list' });
    expect(parallel.combine).toEqual({ kind: 'select', options: ['outputs', 'object'] });
  });

  it('offers each layout the props it uses', () => {
    expect(layoutFields('row').map((f) => f.key)).toEqual(['visible', 'scale', 'minWidth', 'variant']);
    expect(layoutFields('accordion').map((f) => f.key)).toEqual(['label', 'visible', 'open']);
  });

  it('labels keys for people', () => {
    expect(fieldLabel('minWidth')).toBe('Min width');
    expect(fieldLabel('apiName')).toBe('API name');
    expect(controlFor('x', { type: 'object' })).toEqual({ kind: 'json' });
  });
});
