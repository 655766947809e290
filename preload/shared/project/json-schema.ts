import { z } from 'zod';
import {
  blockNode,
  chainedEvent,
  component,
  event,
  functionDefinition,
  layoutNode,
  model,
  modelSource,
  project,
  tensorSpec,
} from './schema.js';

/** Where the generated JSON Schema lives, relative to the repository (and package) root. */
export const JSON_SCHEMA_FILE = 'schema/project.schema.json';

/** A stable URN: editors match the file by its path (`"$schema": "./…/project.schema.json"`), not by this id. */
export const JSON_SCHEMA_ID = 'urn:demo-desktop:schema:project';

/**
 * The JSON Schema of project.json, derived from the zod schema (the single source of truth).
 * `io: 'input'` describes what a user writes: keys with defaults are optional and show the default.
 * Cross-reference rules (event → component, function → model, cycles) live in references.ts and
 * cannot be expressed here; `demo-desktop validate` reports them.
 */
export function projectJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(project, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    metadata: definitions(),
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: JSON_SCHEMA_ID,
    title: 'demo-desktop project.json',
    description:
      'A demo-desktop project: models, functions and a Gradio-style UI (Interface or Blocks). Generated from preload/shared/project/schema.ts by `npm run schema`; do not edit by hand.',
    ...rest,
  };
}

/** The global registry (where `.describe()` puts descriptions) plus this file's definition ids. */
class NamedDefinitions extends z.core.$ZodRegistry<z.core.GlobalMeta> {
  override get(schema: z.core.$ZodType): z.core.GlobalMeta | undefined {
    const own = super.get(schema);
    const global = z.globalRegistry.get(schema);
    return own || global ? { ...global, ...own } : undefined;
  }
}

/**
 * Names for the shared parts, so they become readable `$defs` (each component kind once) instead of
 * being inlined at every use. A local registry: the zod schemas themselves stay free of ids.
 */
function definitions(): NamedDefinitions {
  const registry = new NamedDefinitions();
  registry.add(component, { id: 'Component' });
  for (const option of component.options) {
    const type = option.shape.type.value;
    registry.add(option, { id: `${type.charAt(0).toUpperCase()}${type.slice(1)}Component` });
  }
  registry.add(blockNode, { id: 'BlockNode' });
  registry.add(layoutNode, { id: 'LayoutNode' });
  registry.add(event, { id: 'Event' });
  registry.add(chainedEvent, { id: 'ChainedEvent' });
  registry.add(functionDefinition, { id: 'Function' });
  registry.add(model, { id: 'Model' });
  registry.add(modelSource, { id: 'ModelSource' });
  registry.add(tensorSpec, { id: 'TensorSpec' });
  return registry;
}

/** The file's exact text: two-space JSON with a trailing newline. */
export function renderProjectJsonSchema(): string {
  return `${JSON.stringify(projectJsonSchema(), null, 2)}\n`;
}
