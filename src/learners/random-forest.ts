/**
 * Random forest classifier (Breiman 2001), as scikit-learn's RandomForestClassifier: each tree is
 * grown on a bootstrap sample of n rows drawn with replacement (repeats become weights), with
 * `mtry` features drawn per node (see class-tree.ts); `predict` is the mean over trees of each
 * leaf's normalised class frequencies (sklearn's predict_proba, not a majority vote).
 *
 * Features are binned once per fit (binning.ts, ≤ 255 bins) and all trees share the bins.
 * Each tree's random stream is derived from (seed, tree index), so a forest is reproducible and
 * its trees do not depend on how many came before.
 *
 * Representation for CKA: per-tree leaf-value vectors — for each tree, the class distribution of
 * the leaf the row lands in, concatenated (trees × classes values; their mean is the forest's
 * probability). Two rows are close when most trees route them to leaves of similar composition.
 */
import { binTrainingRows, MAX_BINS } from './binning.js';
import { growClassTree, leafOf, TreeScratch, type ClassTree } from './class-tree.js';
import { checkFitInput, checkPredictInput } from './checks.js';
import { deriveSeed, mulberry32 } from '../spec/random.js';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface RandomForestOptions {
  readonly trees: number;
  /** 'sqrt' (sklearn's default for classifiers), 'log2', 'all', or a fraction in (0, 1]. */
  readonly maxFeatures: MaxFeatures;
  /** null or Infinity: grow until the other limits stop it. */
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly bootstrap: boolean;
  readonly maxBins: number;
  readonly seed: number;
}

export const RANDOM_FOREST_DEFAULTS: Omit<RandomForestOptions, 'seed'> = {
  trees: 100,
  maxFeatures: 'sqrt',
  maxDepth: null,
  minSamplesLeaf: 1,
  minSamplesSplit: 2,
  bootstrap: true,
  maxBins: MAX_BINS,
};

/** Features per node, as sklearn computes `max_features_`. */
export function featuresPerNode(maxFeatures: MaxFeatures, d: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (maxFeatures === 'all') return d;
  if (!(maxFeatures > 0 && maxFeatures <= 1)) throw new RangeError(`maxFeatures fraction must be in (0, 1], got ${maxFeatures}`);
  return Math.max(1, Math.floor(maxFeatures * d));
}

export class RandomForest {
  readonly options: RandomForestOptions;
  private forest: ClassTree[] = [];
  private d = 0;
  private numClasses = 0;

  constructor(options: RandomForestOptions) {
    if (!Number.isInteger(options.trees) || options.trees < 1) throw new RangeError(`trees must be a positive integer, got ${options.trees}`);
    if (!Number.isInteger(options.minSamplesLeaf) || options.minSamplesLeaf < 1)
      throw new RangeError(`minSamplesLeaf must be a positive integer, got ${options.minSamplesLeaf}`);
    if (!Number.isInteger(options.minSamplesSplit) || options.minSamplesSplit < 2)
      throw new RangeError(`minSamplesSplit must be an integer ≥ 2, got ${options.minSamplesSplit}`);
    if (options.maxDepth !== null && !(options.maxDepth >= 1)) throw new RangeError(`maxDepth must be ≥ 1 or null, got ${options.maxDepth}`);
    this.options = options;
  }

  get trees(): readonly ClassTree[] {
    return this.forest;
  }

  fit(x: Float32Array, y: Int32Array, n: number, d: number, numClasses: number, onTree?: (done: number, total: number) => void): void {
    checkFitInput(x, y, n, d, numClasses);
    const o = this.options;
    this.d = d;
    this.numClasses = numClasses;
    const { bins, binned } = binTrainingRows(x, n, d, o.maxBins);
    const mtry = featuresPerNode(o.maxFeatures, d);
    const params = { mtry, maxDepth: o.maxDepth ?? Infinity, minSamplesLeaf: o.minSamplesLeaf, minSamplesSplit: o.minSamplesSplit };
    const scratch = new TreeScratch(n, d, numClasses);
    const w = new Float64Array(n);
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    this.forest = [];
    for (let t = 0; t < o.trees; t++) {
      const rng = mulberry32(deriveSeed(o.seed, t, 0x7ee5));
      let samples = all;
      if (o.bootstrap) {
        w.fill(0);
        for (let j = 0; j < n; j++) w[Math.floor(rng() * n)] += 1;
        let m = 0;
        for (let i = 0; i < n; i++) if (w[i] > 0) m++;
        samples = new Int32Array(m);
        m = 0;
        for (let i = 0; i < n; i++) if (w[i] > 0) samples[m++] = i;
      } else {
        w.fill(1);
      }
      this.forest.push(growClassTree({ data: binned, bins, y, numClasses }, { samples, weights: w, params, rng, scratch }));
      onTree?.(t + 1, o.trees);
    }
  }

  /** `n × numClasses` probabilities; with `features`, the per-tree leaf-value vectors too. */
  predict(x: Float32Array, n: number, features = false): { probs: Float32Array; features?: Float32Array; featureSize?: number } {
    if (this.forest.length === 0) throw new Error('RandomForest.predict before fit');
    const d = this.d;
    const C = this.numClasses;
    checkPredictInput(x, n, d);
    const T = this.forest.length;
    const acc = new Float64Array(n * C);
    const feats = features ? new Float32Array(n * T * C) : undefined;
    for (let t = 0; t < T; t++) {
      const tree = this.forest[t];
      for (let i = 0; i < n; i++) {
        const leaf = leafOf(tree, x, i * d) * C;
        const o = i * C;
        for (let k = 0; k < C; k++) acc[o + k] += tree.value[leaf + k];
        if (feats) {
          const fo = (i * T + t) * C;
          for (let k = 0; k < C; k++) feats[fo + k] = tree.value[leaf + k];
        }
      }
    }
    const probs = new Float32Array(n * C);
    for (let j = 0; j < n * C; j++) probs[j] = acc[j] / T;
    return feats ? { probs, features: feats, featureSize: T * C } : { probs };
  }
}
