import { join } from 'node:path';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import type { Call } from '../load.js';

/**
 * Path (b): the engine in this process: admission, the scheduler (concurrency group, fair queue,
 * batch policy, ETA announcements), the function runner, the runtime pool, IPC (structured clone)
 * to the ONNX worker process, number[] → Float32Array conversion there, session.run, and the way
 * back. Every call is `engine.run` with its own AbortController, as the HTTP layer does.
 */

export interface EnginePath {
  readonly engine: Engine;
  /** A Call for the event named `apiName`. */
  call(apiName: string): Call;
  dispose(): Promise<void>;
}

interface CostOutput {
  readonly y?: { readonly dims?: readonly number[]; readonly data?: ArrayLike<number> };
}

export function eventIndexOf(engine: Engine, apiName: string): number {
  const event = engine.app.events.find((candidate) => candidate.apiName === apiName);
  if (!event) throw new Error(`bench project has no event "${apiName}"`);
  return event.index;
}

export async function openEngine(projectFile: string, width: number, rows: readonly (readonly number[])[]): Promise<EnginePath> {
  const loaded = await loadProject(projectFile);
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(loaded.dir, 'cache') } });
  return {
    engine,
    call: (apiName) => {
      const eventIndex = eventIndexOf(engine, apiName);
      return async (index) => {
        const row = rows[index % rows.length] as readonly number[];
        const [out] = (await engine.run({ eventIndex, inputs: [row], signal: new AbortController().signal })) as [CostOutput?];
        const values = out?.y?.data;
        if (values?.length !== width) throw new Error(`engine: expected ${width} output values, got ${values?.length ?? 'none'}`);
      };
    },
    dispose: () => engine.dispose(),
  };
}
