/**
 * How many inference requests fit on a GPU at once, from a free-memory reading and a measured
 * per-request estimate. Pure and stateless: the scheduler feeds it fresh readings and the number of
 * requests already running, and decides what to do with a 0 (queue, move to the CPU, or fail).
 *
 * Invariants (for valid options; `free` is the reading, `n` the answer of `additional`):
 * - `n` is a whole number with 0 <= n <= maxConcurrent - running (never negative).
 * - Never over-admits by the estimate: reserve + n * perRequest * safetyFactor <= free.
 * - Monotone: more free memory never lowers `n`; a larger estimate or reserve never raises it.
 * - Unknown free memory (null) admits up to `unknownMemoryConcurrent` in total, so a device whose
 *   tool reports no memory figures still runs work, one request at a time by default.
 * - The free reading is taken with `running` requests in flight, so their memory is already out
 *   of it; `running` only matters for the concurrency caps.
 */

export interface GpuMemoryGateOptions {
  /** Measured device memory per concurrent request, in bytes (> 0). */
  readonly perRequestBytes: number;
  /** Kept free for the driver, the display and other apps (default 512 MiB). */
  readonly reserveBytes?: number;
  /** Multiplies the estimate: measurements are noisy and allocators fragment (default 1.2, >= 1). */
  readonly safetyFactor?: number;
  /** Hard cap on concurrent requests whatever the memory (default unlimited). */
  readonly maxConcurrent?: number;
  /** Total concurrent requests allowed when free memory is unknown (default 1). */
  readonly unknownMemoryConcurrent?: number;
}

export const DEFAULT_RESERVE_BYTES = 512 * 1024 * 1024;
export const DEFAULT_SAFETY_FACTOR = 1.2;

export class GpuMemoryGate {
  readonly perRequestBytes: number;
  readonly reserveBytes: number;
  readonly safetyFactor: number;
  readonly maxConcurrent: number;
  readonly unknownMemoryConcurrent: number;

  constructor(options: GpuMemoryGateOptions) {
    this.perRequestBytes = requirePositive('perRequestBytes', options.perRequestBytes);
    this.reserveBytes = requireNonNegative('reserveBytes', options.reserveBytes ?? DEFAULT_RESERVE_BYTES);
    this.safetyFactor = options.safetyFactor ?? DEFAULT_SAFETY_FACTOR;
    if (!(this.safetyFactor >= 1) || !Number.isFinite(this.safetyFactor)) {
      throw new RangeError(`safetyFactor must be a finite number >= 1, got ${this.safetyFactor}.`);
    }
    this.maxConcurrent = options.maxConcurrent ?? Number.POSITIVE_INFINITY;
    if (!(this.maxConcurrent >= 1) || (Number.isFinite(this.maxConcurrent) && !Number.isInteger(this.maxConcurrent))) {
      throw new RangeError(`maxConcurrent must be a whole number >= 1, got ${this.maxConcurrent}.`);
    }
    this.unknownMemoryConcurrent = Math.min(
      this.maxConcurrent,
      requireNonNegative('unknownMemoryConcurrent', Math.floor(options.unknownMemoryConcurrent ?? 1)),
    );
  }

  /** The same gate with a new measured estimate (estimates improve as requests complete). */
  withEstimate(perRequestBytes: number): GpuMemoryGate {
    return new GpuMemoryGate({
      perRequestBytes,
      reserveBytes: this.reserveBytes,
      safetyFactor: this.safetyFactor,
      maxConcurrent: this.maxConcurrent,
      unknownMemoryConcurrent: this.unknownMemoryConcurrent,
    });
  }

  /** How many more requests may start now, given free memory read with `running` in flight. */
  additional(freeBytes: number | null, running = 0): number {
    const inFlight = Math.max(0, Math.floor(running));
    if (freeBytes === null || !Number.isFinite(freeBytes)) return Math.max(0, this.unknownMemoryConcurrent - inFlight);
    const room = Math.max(0, freeBytes - this.reserveBytes);
    const byMemory = Math.floor(room / (this.perRequestBytes * this.safetyFactor));
    const byCap = Math.max(0, this.maxConcurrent - inFlight);
    return Math.min(byMemory, byCap);
  }

  /** Total concurrent requests the device holds: those running plus those that may start. */
  capacity(freeBytes: number | null, running = 0): number {
    return Math.max(0, Math.floor(running)) + this.additional(freeBytes, running);
  }

  /** Whether one more request may start now. */
  canAdmit(freeBytes: number | null, running = 0): boolean {
    return this.additional(freeBytes, running) >= 1;
  }
}

function requirePositive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}.`);
  return value;
}

function requireNonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number >= 0, got ${value}.`);
  return value;
}
