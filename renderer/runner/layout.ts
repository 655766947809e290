import type { ComponentInfo, LayoutNode, RunnerConfig } from './config.js';

/**
 * The layout tree with each node resolved to what it draws. Gradio lists layout blocks (row,
 * column, tabs, tabitem, accordion, group) among the components; a layout id that names nothing
 * (the root block, id 0) is a plain column.
 */

export const LAYOUT_TYPES = ['row', 'column', 'tabs', 'tabitem', 'accordion', 'group', 'form'] as const;
export type LayoutType = (typeof LAYOUT_TYPES)[number];

export function isLayoutType(type: string): type is LayoutType {
  return (LAYOUT_TYPES as readonly string[]).includes(type);
}

export type ViewNode =
  | {
      readonly kind: 'layout';
      readonly id: number;
      readonly layout: LayoutType;
      readonly props: Readonly<Record<string, unknown>>;
      readonly children: readonly ViewNode[];
    }
  | { readonly kind: 'component'; readonly id: number; readonly component: ComponentInfo }
  | { readonly kind: 'missing'; readonly id: number };

function resolve(node: LayoutNode, components: ReadonlyMap<number, ComponentInfo>): ViewNode {
  const info = components.get(node.id);
  if (node.children !== undefined || (info !== undefined && isLayoutType(info.type))) {
    const children = (node.children ?? []).map((child) => resolve(child, components));
    const layout: LayoutType = info !== undefined && isLayoutType(info.type) ? info.type : 'column';
    return { kind: 'layout', id: node.id, layout, props: info?.props ?? {}, children };
  }
  if (info === undefined) return { kind: 'missing', id: node.id };
  return { kind: 'component', id: node.id, component: info };
}

/** Resolves the config's layout tree; the root is always a layout node. */
export function buildViewTree(config: Pick<RunnerConfig, 'layout' | 'components'>): ViewNode {
  return resolve(config.layout, config.components);
}

/** A label for a tab or accordion, with a fallback so every tab can be named to assistive tech. */
export function layoutLabel(props: Readonly<Record<string, unknown>>, fallback: string): string {
  return typeof props.label === 'string' && props.label !== '' ? props.label : fallback;
}
