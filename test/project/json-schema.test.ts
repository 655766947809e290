import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, JSON_SCHEMA_ID, projectJsonSchema, renderProjectJsonSchema } from '../../preload/shared/project/json-schema.js';

const committedFile = fileURLToPath(new URL(`../../${JSON_SCHEMA_FILE}`, import.meta.url));

describe('schema/project.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` after changing preload/shared/project/schema*.ts)', async () => {
    const committed: unknown = JSON.parse(await readFile(committedFile, 'utf8'));
    // Compared as data, so a formatter that re-wraps the file does not matter.
    expect(committed).toEqual(JSON.parse(renderProjectJsonSchema()));
  });

  it('describes what users write: id, title, $schema key, defaults optional', () => {
    const schema = projectJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      required: string[];
      properties: Record<string, { default?: unknown; description?: string }>;
      additionalProperties: boolean;
      $defs: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(JSON_SCHEMA_ID);
    expect(schema.title).toMatch(/project\.json/);
    expect(schema.properties.$schema).toMatchObject({ type: 'string' });
    expect(schema.required.sort()).toEqual(['functions', 'name', 'ui', 'version']);
    expect(schema.properties.queue?.default).toEqual({
      defaultConcurrencyLimit: 1,
      maxSize: null,
      apiOpen: true,
      cancelOnDisconnect: true,
      batching: { policy: 'adaptive', windowMs: 10, targetMs: 500, maxWindowMs: 50 },
    });
    expect(schema.properties.functions?.description).toMatch(/Functions by name/);
    expect(schema.additionalProperties).toBe(false);
    // Shared parts are named definitions, each once; the recursive Blocks tree goes through $ref.
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(['Component', 'TextboxComponent', 'BlockNode', 'LayoutNode', 'Event', 'Function', 'Model']),
    );
    expect(schema.$defs.LayoutNode).toMatchObject({ properties: { children: { items: { $ref: '#/$defs/BlockNode' } } } });
  });

  it('renders deterministically with a trailing newline', () => {
    const text = renderProjectJsonSchema();
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderProjectJsonSchema()).toBe(text);
  });
});
