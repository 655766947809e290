import { describe, expect, it } from 'vitest';
import { GpuMemoryGate } from '../../main/gpu/gpu-memory-gate.js';
import { GIB, MIB } from './support.js';

/** The gate's documented invariants, checked over a grid of inputs (no I/O). */

describe('GpuMemoryGate', () => {
  it('admits floor((free - reserve) / (estimate * safety))', () => {
    const gate = new GpuMemoryGate({ perRequestBytes: 1 * GIB, reserveBytes: 512 * MIB, safetyFactor: 1 });
    expect(gate.additional(4.5 * GIB)).toBe(4);
    expect(gate.additional(4.4 * GIB)).toBe(3);
    expect(gate.additional(100 * MIB)).toBe(0);
    expect(gate.canAdmit(100 * MIB)).toBe(false);
  });

  it('applies the safety factor and the cap, counting running requests', () => {
    const gate = new GpuMemoryGate({ perRequestBytes: 1 * GIB, reserveBytes: 0, safetyFactor: 1.25, maxConcurrent: 6 });
    expect(gate.additional(10 * GIB)).toBe(6); // 8 by memory, capped at 6
    expect(gate.additional(10 * GIB, 4)).toBe(2);
    expect(gate.capacity(10 * GIB, 4)).toBe(6);
    expect(gate.additional(10 * GIB, 9)).toBe(0);
    expect(gate.additional(5 * GIB, 1)).toBe(4);
  });

  it('unknown free memory admits one request at a time by default', () => {
    const gate = new GpuMemoryGate({ perRequestBytes: GIB });
    expect(gate.additional(null)).toBe(1);
    expect(gate.additional(null, 1)).toBe(0);
    expect(new GpuMemoryGate({ perRequestBytes: GIB, unknownMemoryConcurrent: 3 }).additional(null, 1)).toBe(2);
  });

  it('withEstimate keeps the other settings', () => {
    const gate = new GpuMemoryGate({ perRequestBytes: GIB, reserveBytes: 0, safetyFactor: 1, maxConcurrent: 3 }).withEstimate(2 * GIB);
    expect(gate.additional(8 * GIB)).toBe(3);
    expect(gate.additional(5 * GIB)).toBe(2);
  });

  it('holds its invariants over a grid', () => {
    const frees = [null, 0, 100 * MIB, 600 * MIB, 1 * GIB, 3.3 * GIB, 8 * GIB, 80 * GIB];
    const estimates = [1 * MIB, 300 * MIB, 1 * GIB, 5 * GIB];
    for (const maxConcurrent of [1, 4, Number.POSITIVE_INFINITY]) {
      for (const perRequestBytes of estimates) {
        const gate = new GpuMemoryGate({ perRequestBytes, maxConcurrent });
        for (const running of [0, 1, 3]) {
          let previous = -1;
          for (const free of frees) {
            const n = gate.additional(free, running);
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(0);
            expect(n).toBeLessThanOrEqual(Math.max(0, maxConcurrent - running));
            if (free !== null) {
              if (n > 0) expect(gate.reserveBytes + n * perRequestBytes * gate.safetyFactor).toBeLessThanOrEqual(free);
              expect(n).toBeGreaterThanOrEqual(previous); // monotone in free memory
              previous = n;
              expect(gate.withEstimate(perRequestBytes * 2).additional(free, running)).toBeLessThanOrEqual(n);
            }
          }
        }
      }
    }
  });

  it('rejects nonsensical settings', () => {
    expect(() => new GpuMemoryGate({ perRequestBytes: 0 })).toThrow(RangeError);
    expect(() => new GpuMemoryGate({ perRequestBytes: GIB, safetyFactor: 0.5 })).toThrow(RangeError);
    expect(() => new GpuMemoryGate({ perRequestBytes: GIB, maxConcurrent: 0 })).toThrow(RangeError);
    expect(() => new GpuMemoryGate({ perRequestBytes: GIB, reserveBytes: -1 })).toThrow(RangeError);
  });
});
