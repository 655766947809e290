import { describe, expect, it } from 'vitest';
import { checkProject } from '../../preload/shared/project/check.js';
import { normalize, type App } from '../../preload/shared/project/normalize.js';
import { formatMs, parseDuration } from '../../main/tune/duration.js';
import { sampleRows } from '../../main/tune/sample-inputs.js';
import { REPO_ROOT } from '../runtimes/support.js';

function app(input: unknown): App {
  const checked = checkProject(input);
  if (!checked.project) throw new Error(JSON.stringify(checked.issues));
  return normalize(checked.project);
}

const fn = { f: { kind: 'js', module: './f.js' } };

describe('tune sample inputs', () => {
  it("takes the Interface's examples, with file inputs as FileValue relative to project.json", () => {
    const a = app({
      version: 1,
      name: 'x',
      functions: fn,
      ui: {
        type: 'interface',
        fn: 'f',
        inputs: [{ type: 'textbox' }, { type: 'file' }],
        outputs: [{ type: 'textbox' }],
        examples: [['a', 'project.json']],
      },
    });
    const event = a.events[0];
    if (!event) throw new Error('no event');
    expect(sampleRows(a, event, `${REPO_ROOT}/examples/greet`)).toEqual([
      ['a', { kind: 'file', path: `${REPO_ROOT}/examples/greet/project.json` }],
    ]);
    expect(() => sampleRows(a, event, '/nowhere')).toThrow(/\$\.ui\.examples\[0\]\[1\]: the file \/nowhere\/project\.json does not exist/);
  });

  it("falls back to each input's value, and says how to give inputs when one has none", () => {
    const blocks = (value: unknown): App =>
      app({
        version: 1,
        name: 'x',
        functions: fn,
        ui: {
          type: 'blocks',
          children: [{ type: 'textbox', id: 't', ...(value === undefined ? {} : { value }) }],
          events: [{ trigger: 't.submit', fn: 'f', inputs: ['t'], outputs: ['t'], apiName: 'go' }],
        },
      });
    const withValue = blocks('hello');
    expect(sampleRows(withValue, withValue.events[0] as never, '/')).toEqual([['hello']]);
    const bare = blocks(undefined);
    expect(() => sampleRows(bare, bare.events[0] as never, '/')).toThrow(
      /\/go needs sample inputs and input "t" has no default value: give component "t" a "value", or pass --inputs/,
    );
    expect(sampleRows(bare, bare.events[0] as never, '/', [['x'], ['y']])).toEqual([['x'], ['y']]);
    expect(() => sampleRows(bare, bare.events[0] as never, '/', ['x'])).toThrow(/--inputs\[0\] must be an array of 1 value\(s\)/);
  });

  it('reads durations as people write them', () => {
    expect([
      parseDuration('60s'),
      parseDuration('500ms'),
      parseDuration('2m'),
      parseDuration('1.5'),
      parseDuration('soon'),
      parseDuration('0s'),
    ]).toEqual([60_000, 500, 120_000, 1_500, null, null]);
    expect([formatMs(9.73), formatMs(1_234), formatMs(Number.POSITIVE_INFINITY)]).toEqual(['9.7 ms', '1.2 s', '∞']);
  });
});
