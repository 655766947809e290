import { describe, expect, it } from 'vitest';
import { positiveInteger, positiveIntegers, positiveNumber, readCommandLine, UsageError } from '../../bench/cli-args.js';

const spec = {
  command: 'bench/x.ts',
  usage: 'Usage: npx tsx bench/x.ts [options]\n\n  --rounds N   rounds (default 3)\n',
  options: {
    rounds: { type: 'string', default: '3' },
    label: { type: 'string' },
    floor: { type: 'boolean', default: false },
  },
} as const;

const read = (args: string[]) =>
  readCommandLine(spec, args, (values) => ({
    rounds: positiveInteger('rounds', values.rounds),
    label: values.label ?? null,
    floor: values.floor,
  }));

describe('bench command lines', () => {
  it('runs with the defaults, and with the values given', () => {
    expect(read([])).toEqual({ kind: 'run', value: { rounds: 3, label: null, floor: false } });
    expect(read(['--rounds', '5', '--label=a', '--floor'])).toEqual({ kind: 'run', value: { rounds: 5, label: 'a', floor: true } });
  });

  it('prints the usage text to stdout and exits 0 on --help or -h, even beside a bad option', () => {
    for (const args of [['--help'], ['-h'], ['--rounds', '2', '--help'], ['--bogus', '--help'], ['--rounds', 'x', '-h']])
      expect(read(args)).toEqual({ kind: 'exit', code: 0, stdout: spec.usage, stderr: '' });
  });

  it("refuses an unknown option, a missing value, a boolean's value and a positional with one line and exit 2", () => {
    const refused = (args: string[]): string => {
      const line = read(args);
      if (line.kind !== 'exit') throw new Error(`ran: ${JSON.stringify(line)}`);
      expect(line.code).toBe(2);
      expect(line.stdout).toBe('');
      expect(line.stderr).toMatch(/^bench\/x\.ts: .+ \(see --help\)\n$/);
      return line.stderr;
    };
    expect(refused(['--bogus'])).toContain("Unknown option '--bogus'");
    expect(refused(['--rounds'])).toContain("'--rounds <value>' argument missing");
    expect(refused(['--floor=yes'])).toContain("'--floor' does not take an argument");
    expect(refused(['extra'])).toContain("Unexpected argument 'extra'");
    expect(refused(['--rounds', 'three'])).toBe('bench/x.ts: --rounds takes a positive integer, got "three" (see --help)\n');
  });

  it("lets other errors of the reader through: a bug is not the user's bad input", () => {
    expect(() =>
      readCommandLine(spec, [], () => {
        throw new TypeError('bug');
      }),
    ).toThrow('bug');
  });
});

describe('numbers on the command line', () => {
  it('takes positive numbers and refuses the rest', () => {
    expect(positiveNumber('seconds', '2')).toBe(2);
    expect(positiveNumber('seconds', '0.5')).toBe(0.5);
    for (const text of ['0', '-1', 'x', '', ' ', 'Infinity', 'NaN'])
      expect(() => positiveNumber('seconds', text)).toThrow(new UsageError(`--seconds takes a positive number, got "${text}"`));
  });

  it('takes whole numbers where a count is asked for', () => {
    expect(positiveInteger('count', '300')).toBe(300);
    expect(() => positiveInteger('count', '2.5')).toThrow(UsageError);
    expect(() => positiveInteger('count', '0')).toThrow('--count takes a positive integer, got "0"');
  });

  it('takes comma-separated caller counts', () => {
    expect(positiveIntegers('callers', '1,8,64')).toEqual([1, 8, 64]);
    expect(positiveIntegers('callers', '1, 8')).toEqual([1, 8]);
    for (const text of ['', '1,,8', '1,x', '0,8', '1.5'])
      expect(() => positiveIntegers('callers', text)).toThrow(
        new UsageError(`--callers takes positive integers, e.g. 1,8,64, got "${text}"`),
      );
  });
});
