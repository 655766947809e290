import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../bench/options.js';

describe('bench options for the paired ratio', () => {
  it('pairs every cell slice with 0.4 s raw slices and adds the A/A row at one caller by default', () => {
    const options = parseOptions([]);
    expect(options?.rawSliceMs).toBe(400);
    expect(options?.rawWarmupMs).toBe(100);
    expect(options?.aa).toEqual([1]);
    expect(options?.only).toBeNull();
    expect(options?.batchableConcurrencies).toEqual([8, 64]);
  });

  it('takes the A/A caller counts, the cells to run and the batchable caller counts', () => {
    const options = parseOptions([
      '--aa',
      '1,64',
      '--only',
      'engine,http-plain/off',
      '--batchable-concurrency',
      'none',
      '--raw-slice-ms',
      '150',
    ]);
    expect(options?.aa).toEqual([1, 64]);
    expect(options?.only).toEqual(['engine', 'http-plain/off']);
    expect(options?.batchableConcurrencies).toEqual([]);
    expect(options?.rawSliceMs).toBe(150);
    expect(parseOptions(['--aa', 'none'])?.aa).toEqual([]);
  });

  it('refuses a cell filter it does not know', () => {
    expect(() => parseOptions(['--only', 'engine/fast'])).toThrow(/--only takes path or path\/mode/);
    expect(() => parseOptions(['--only', 'grpc'])).toThrow(/--only takes path or path\/mode/);
  });
});
