import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A project whose one event is a trivial JS function answering in the cost model's output shape
 * (so the HTTP load process checks it as it does the model's): the HTTP path with nothing behind it
 * but a JS worker. The store bench records its runs; the profile measures its CPU per request.
 */
const ECHO = 'export function echo([x]) { return { y: { dims: [1, x.length], data: x } }; }\n';

export async function writeEchoProject(dir: string, name: string): Promise<string> {
  await writeFile(join(dir, 'echo.js'), ECHO);
  const file = join(dir, `${name}.json`);
  const project = {
    version: 1,
    name,
    functions: { echo: { kind: 'js', module: './echo.js', export: 'echo' } },
    queue: { defaultConcurrencyLimit: null },
    ui: { type: 'interface', fn: 'echo', apiName: 'echo', inputs: [{ type: 'json', id: 'x' }], outputs: [{ type: 'json', id: 'y' }] },
  };
  await writeFile(file, JSON.stringify(project));
  return file;
}
