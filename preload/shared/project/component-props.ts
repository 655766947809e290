import type { AppComponent, AppLayout } from './normalize.js';

/**
 * Our camelCase component and layout props in Gradio's config form: snake_case names, choices as
 * [display, value] pairs, Gradio's implicit initial values filled in, layout type names mapped.
 * One converter for both readers: the server's /config (main/server/gradio/config.ts) and the
 * editor's canvas, which draws the runner's own blocks from the document being edited.
 */

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Only the top level is renamed: values (a JSON component's value, a color map) stay as written. */
function renameKeys(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined) out[snakeCase(key)] = value;
  }
  return out;
}

/** Gradio sends choices as [display, value] pairs; our schema also allows bare values. */
function choicePairs(choices: unknown): unknown {
  if (!Array.isArray(choices)) return choices;
  return (choices as unknown[]).map((choice): unknown => (Array.isArray(choice) ? choice : [String(choice), choice]));
}

/** Gradio's own defaults where the project left the initial value out. */
function implicitValue(component: AppComponent): unknown {
  switch (component.type) {
    case 'textbox':
      return '';
    case 'checkbox':
      return false;
    case 'slider':
      return component.props.minimum ?? 0;
    default:
      return undefined;
  }
}

/** Gradio's [n, "fixed" | "dynamic"] for a Dataframe's row_count / col_count; a bare n is dynamic. */
function tableCount(count: unknown): unknown {
  return typeof count === 'number' ? [count, 'dynamic'] : count;
}

/** Props whose name or form differs in Gradio's config: a chatbot's `format` is Gradio's `type`. */
function gradioForms(component: AppComponent, props: Record<string, unknown>): Record<string, unknown> {
  if (component.type === 'chatbot') {
    const { format, ...rest } = props;
    return { ...rest, type: format ?? 'messages' };
  }
  if (component.type === 'dataframe') {
    return {
      ...props,
      ...('row_count' in props ? { row_count: tableCount(props.row_count) } : {}),
      ...('col_count' in props ? { col_count: tableCount(props.col_count) } : {}),
    };
  }
  return props;
}

export function componentConfigProps(component: AppComponent): Record<string, unknown> {
  const props = renameKeys(component.props);
  if ('choices' in props) props.choices = choicePairs(props.choices);
  if (props.value === undefined) {
    const value = implicitValue(component);
    if (value !== undefined) props.value = value;
  }
  return { ...gradioForms(component, props), name: component.type };
}

/** Gradio's block type names for our layout kinds (a tab is a "tabitem" there). */
export function layoutTypeName(layout: AppLayout): string {
  return layout.type === 'tab' ? 'tabitem' : layout.type;
}

export function layoutConfigProps(layout: AppLayout): Record<string, unknown> {
  return { ...renameKeys(layout.props), name: layoutTypeName(layout) };
}
