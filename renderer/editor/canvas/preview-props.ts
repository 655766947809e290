import { componentConfigProps, layoutConfigProps } from '../../../preload/shared/project/component-props.js';
import type { ComponentType, LayoutType } from '../../../preload/shared/project/schema.js';
import { initialValue } from '../../runner/values.js';
import type { JsonObject } from '../state/editor-state.js';
import { allEventPaths, eventJsonPath, triggersOf } from '../state/event-refs.js';
import { arrayAt, getIn, isObject, own, stringAt } from '../state/json.js';

/**
 * What the runner's blocks are given for a node of the document: Gradio's snake_case props from the
 * server's own converter (preload/shared/project/component-props.ts), the initial value the runner
 * would show, and whether the block is drawn as an input or an output (Gradio's rule).
 */

export interface BlockPreview {
  readonly type: string;
  readonly key: string | null;
  readonly props: Readonly<Record<string, unknown>>;
  readonly value: unknown;
}

function propsOf(node: JsonObject): Record<string, unknown> {
  const { type: _type, id: _id, children: _children, ...props } = node;
  return props;
}

export function componentPreview(node: JsonObject): BlockPreview {
  const type = stringAt(own(node, 'type')) ?? 'unknown';
  const key = stringAt(own(node, 'id')) ?? null;
  const props = componentConfigProps({ id: 0, key: key ?? '', type: type as ComponentType, props: propsOf(node) });
  return { type, key, props, value: initialValue({ id: 0, type, key, props }) };
}

export function layoutProps(node: JsonObject): Readonly<Record<string, unknown>> {
  const type = (stringAt(own(node, 'type')) ?? 'column') as LayoutType;
  return layoutConfigProps({ id: 0, type, props: propsOf(node), children: [] });
}

/** Component ids that events read and write (chains too): the inputs are drawn editable, outputs-only as outputs. */
export function eventRoles(doc: JsonObject): {
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  readonly listens: ReadonlyMap<string, Set<string>>;
} {
  const reads = new Set<string>();
  const writes = new Set<string>();
  const listens = new Map<string, Set<string>>();
  for (const path of allEventPaths(doc)) {
    const event = getIn(doc, eventJsonPath(path));
    if (!isObject(event)) continue;
    for (const id of arrayAt(own(event, 'inputs')) ?? []) if (typeof id === 'string') reads.add(id);
    for (const id of arrayAt(own(event, 'outputs')) ?? []) if (typeof id === 'string') writes.add(id);
    for (const trigger of path.then.length === 0 ? triggersOf(event) : []) {
      const [id = '', name = ''] = trigger.split('.');
      listens.set(id, (listens.get(id) ?? new Set()).add(name));
    }
  }
  return { reads, writes, listens };
}

/** Gradio's rule: an explicit `interactive` wins; otherwise editable when read by an event or written by none. */
export function isInteractive(preview: BlockPreview, roles: ReturnType<typeof eventRoles>): boolean {
  if (typeof preview.props.interactive === 'boolean') return preview.props.interactive;
  if (preview.key === null) return true;
  return roles.reads.has(preview.key) || !roles.writes.has(preview.key);
}
