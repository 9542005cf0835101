/**
 * The catalog's weighted indices (index-catalog.ts) of a model set, and the paired bootstrap of their
 * difference between two model sets on the same examples (a run and its baseline; a matrix with
 * and without a baseline): one resample of examples for both sets, so the CI is of the *difference*
 * (METRICS.md §6.1).
 */
import { mulberry32, percentileCi, resampleCounts, type BootstrapCi } from './bootstrap.js';
import { WEIGHTED_INDICES } from './index-catalog.js';
import { weightedBasis, type WeightedModels } from './weighted-headline.js';

/** Index id (a catalog id) → value. */
export type IndexValues = Readonly<Record<string, number | null>>;

export function indexValues(w: WeightedModels, weights: Int32Array): IndexValues {
  const basis = weightedBasis(w, weights);
  return Object.fromEntries(WEIGHTED_INDICES.map((i) => [i.id, i.weighted!(basis)]));
}

export interface IndexDelta {
  /** Catalog id of the index. */
  readonly index: string;
  readonly a: number | null;
  readonly b: number | null;
  /** a − b with its paired percentile bootstrap CI. */
  readonly delta: BootstrapCi;
}

const diff = (x: number | null | undefined, y: number | null | undefined) => (x === null || x === undefined || y === null || y === undefined ? null : x - y);

/** a − b for every weighted index (null where either is undefined). */
export function indexChange(a: IndexValues, b: IndexValues): Record<string, number | null> {
  return Object.fromEntries(WEIGHTED_INDICES.map((i) => [i.id, diff(a[i.id], b[i.id])]));
}

/** Index values of two model sets on the same examples and the paired bootstrap CI of a − b. */
export function pairedIndexDeltas(a: WeightedModels, b: WeightedModels, n: number, options: { resamples: number; seed: number; level?: number }): IndexDelta[] {
  const level = options.level ?? 0.95;
  const ones = new Int32Array(n).fill(1);
  const va = indexValues(a, ones);
  const vb = indexValues(b, ones);
  const reps = new Map<string, (number | null)[]>(WEIGHTED_INDICES.map((i) => [i.id, []]));
  const rng = mulberry32(options.seed);
  const w = new Int32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    resampleCounts(n, rng, w);
    const x = indexValues(a, w);
    const y = indexValues(b, w);
    for (const i of WEIGHTED_INDICES) reps.get(i.id)!.push(diff(x[i.id], y[i.id]));
  }
  return WEIGHTED_INDICES.map(({ id }) => ({ index: id, a: va[id], b: vb[id], delta: percentileCi(diff(va[id], vb[id]), reps.get(id)!, level, options.seed) }));
}
