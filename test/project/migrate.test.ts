import { describe, expect, it } from 'vitest';
import { parseProject } from '../../preload/shared/project/check.js';
import { migrate, MIGRATIONS, projectVersion } from '../../preload/shared/project/migrate.js';
import { CURRENT_VERSION } from '../../preload/shared/project/schema.js';
import { ProjectValidationError } from '../../preload/shared/project/validation-error.js';
import { blocksProject, interfaceProject } from './fixtures.js';

/** The unversioned draft format: `fns` instead of `functions`, Gradio's snake_case queue settings. */
function v0Project(): Record<string, unknown> {
  return {
    name: 'Draft',
    models: {
      gen: {
        runtime: 'transformers',
        source: { hub: 'tiny/textgen' },
        task: 'text-generation',
        // Pipeline options are the library's own names and must survive the migration untouched.
        options: { max_batch_size: 8 },
      },
    },
    fns: { write: { kind: 'model', model: 'gen', params: { max_new_tokens: 20, api_name: 'kept' } } },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'prompt' },
        { type: 'button', id: 'go' },
        { type: 'textbox', id: 'story' },
      ],
      events: [
        {
          trigger: 'go.click',
          fn: 'write',
          inputs: ['prompt'],
          outputs: ['story'],
          api_name: 'write_story',
          concurrency_limit: 2,
          concurrency_id: 'gpu',
          max_batch_size: 2,
        },
      ],
    },
    queue: { default_concurrency_limit: 3, max_size: 50, api_open: false },
  };
}

describe('migrate', () => {
  it('knows one step per version below the current one', () => {
    expect(MIGRATIONS).toHaveLength(CURRENT_VERSION);
  });

  it('v0 → v1: renames fns and snake_case queue settings, sets the version', () => {
    const migrated = migrate(v0Project());
    expect(migrated).toEqual({
      name: 'Draft',
      version: 1,
      models: v0Project().models,
      functions: v0Project().fns,
      ui: {
        type: 'blocks',
        children: v0Project().ui && (v0Project().ui as { children: unknown }).children,
        events: [
          {
            trigger: 'go.click',
            fn: 'write',
            inputs: ['prompt'],
            outputs: ['story'],
            apiName: 'write_story',
            concurrencyLimit: 2,
            concurrencyId: 'gpu',
            maxBatchSize: 2,
          },
        ],
      },
      queue: { defaultConcurrencyLimit: 3, maxSize: 50, apiOpen: false },
    });
    // The result is a valid current project.
    const project = parseProject(v0Project());
    expect(project.queue).toEqual({
      defaultConcurrencyLimit: 3,
      maxSize: 50,
      apiOpen: false,
      cancelOnDisconnect: true,
      batching: { policy: 'adaptive', windowMs: 10, targetMs: 500, maxWindowMs: 50 },
    });
    expect(project.functions.write).toMatchObject({ params: { max_new_tokens: 20, api_name: 'kept' } });
    expect(project.models.gen?.options).toEqual({ max_batch_size: 8 });
  });

  it('v0 → v1 keeps `functions` when a draft already used the new name', () => {
    const { fns, ...rest } = v0Project();
    expect(migrate({ ...rest, functions: fns }).functions).toEqual(fns);
    expect(migrate({ name: 'empty' })).toEqual({ name: 'empty', functions: {}, version: 1 });
  });

  it('does not touch its input', () => {
    const input = v0Project();
    const before = structuredClone(input);
    migrate(input);
    expect(input).toEqual(before);
  });

  it('returns a current project unchanged (same object)', () => {
    const current = interfaceProject() as Record<string, unknown>;
    expect(migrate(current)).toBe(current);
    const blocks = blocksProject() as Record<string, unknown>;
    expect(migrate(blocks)).toEqual(blocksProject());
  });

  it('rejects a newer format version with a message that says what to do', () => {
    const future = { ...interfaceProject(), version: CURRENT_VERSION + 1 };
    expect(() => migrate(future)).toThrow(ProjectValidationError);
    expect(() => parseProject(future, 'new/project.json')).toThrow(
      `new/project.json is not a valid project (1 problem):\n  - $.version: this project was made by a newer demo-desktop (format version ${CURRENT_VERSION + 1}); this one reads up to version ${CURRENT_VERSION}. Update demo-desktop to open it (got ${CURRENT_VERSION + 1})`,
    );
  });

  it('rejects a version that is not a whole number, with its path and value', () => {
    for (const version of ['1', 1.5, -1, null]) {
      try {
        projectVersion({ version });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ProjectValidationError);
        expect((error as ProjectValidationError).issues).toEqual([
          { path: '$.version', message: `expected a whole number such as ${CURRENT_VERSION}`, value: version },
        ]);
      }
    }
    expect(projectVersion({})).toBe(0);
    expect(projectVersion({ version: 1 })).toBe(1);
  });
});
