/**
 * Z-scoring features: per column, subtract the mean and divide by the population standard
 * deviation (divisor n) of the rows given; a constant column is only centred. Returns the
 * statistics so the same transform can be applied to a test split.
 */
export interface ColumnStats {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

export function columnStats(x: Float32Array, n: number, d: number): ColumnStats {
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = x[i * d + j] - mean[j];
      m2[j] += dev * dev;
    }
  }
  const std = m2.map((s) => Math.sqrt(s / n));
  return { mean, std };
}

/** In place. */
export function applyStandardize(x: Float32Array, d: number, stats: ColumnStats): void {
  for (let i = 0; i < x.length; i++) {
    const j = i % d;
    const s = stats.std[j];
    x[i] = (x[i] - stats.mean[j]) / (s > 0 ? s : 1);
  }
}
