/**
 * Batch latency as a function of batch size, t(b) ≈ fixed + perItem · b, fitted by least squares
 * over an exponentially decaying mean per observed size (recent behaviour wins, old noise fades).
 * Invariants: `predict` is null until two different sizes were seen, unless one size was seen, in
 * which case it assumes the cost is all per item (t(b) = t(b0) · b / b0: pessimistic, so it never
 * promises throughput it has not measured).
 */
export interface LatencyFit {
  readonly fixed: number;
  readonly perItem: number;
}

export class LatencyModel {
  private readonly means = new Map<number, number>();
  /** `fit()` of the current means, undefined once a `record` changed them (predict runs per batch size per plan). */
  private fitted: LatencyFit | null | undefined;

  constructor(private readonly decay = 0.2) {}

  record(size: number, durationMs: number): void {
    const previous = this.means.get(size);
    this.means.set(size, previous === undefined ? durationMs : previous + this.decay * (durationMs - previous));
    this.fitted = undefined;
  }

  get observations(): number {
    return this.means.size;
  }

  fit(): LatencyFit | null {
    if (this.fitted === undefined) this.fitted = this.leastSquares();
    return this.fitted;
  }

  predict(size: number): number | null {
    const measured = this.means.get(size);
    if (measured !== undefined) return measured;
    const fit = this.fit();
    return fit ? fit.fixed + fit.perItem * size : null;
  }

  private leastSquares(): LatencyFit | null {
    const points = [...this.means.entries()];
    if (points.length === 0) return null;
    if (points.length === 1) {
      const [size, mean] = points[0] as [number, number];
      return { fixed: 0, perItem: mean / size };
    }
    const n = points.length;
    const sx = points.reduce((s, [x]) => s + x, 0);
    const sy = points.reduce((s, [, y]) => s + y, 0);
    const sxx = points.reduce((s, [x]) => s + x * x, 0);
    const sxy = points.reduce((s, [x, y]) => s + x * y, 0);
    const denominator = n * sxx - sx * sx;
    const perItem = Math.max(0, (n * sxy - sx * sy) / denominator);
    const fixed = Math.max(0, (sy - perItem * sx) / n);
    return { fixed, perItem };
  }
}
