/**
 * Histogram gradient boosting for classification, as scikit-learn's
 * HistGradientBoostingClassifier (1.2) with `early_stopping=False`:
 *   - features binned once per fit (binning.ts, ≤ 255 bins);
 *   - raw scores start at the intercept-only model, `log p_k − mean_k log p_k` with p_k the
 *     class frequencies clipped to [ε, 1−ε] (sklearn's HalfMultinomialLoss.fit_intercept_only);
 *   - each iteration computes the softmax p, gradients `p_k − 1[y = k]` and hessians
 *     `p_k (1 − p_k)` (float32, as sklearn), and grows one tree per class (hist-grower.ts,
 *     leaf-wise, shrinkage = learningRate); with two classes, as sklearn's HalfBinomialLoss, one
 *     tree per iteration on the logit of class 1 (intercept `logit(p_1)`, gradient `σ − y`,
 *     hessian `σ (1 − σ)`).
 * It draws no random numbers (no subsampling, no early-stopping split), so it is deterministic.
 *
 * Representation for CKA: per-tree leaf values — the raw-score contribution of every tree to
 * the row (iterations × classes values, whose sums per class are the logits minus the
 * intercept): rows are close when the boosted trees push them the same way.
 */
import { binTrainingRows, MAX_BINS } from './binning.js';
import { checkFitInput, checkPredictInput } from './checks.js';
import { HistGrower } from './hist-grower.js';
import { HistogramPool } from './histogram-pool.js';
import { treeValue, type RegressionTree } from './regression-tree.js';

export interface HistBoostingOptions {
  readonly iterations: number;
  readonly learningRate: number;
  /** Leaves per tree (sklearn's max_leaf_nodes, default 31); null: only maxDepth limits. */
  readonly maxLeaves: number | null;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  /** L2 regularisation of leaf values (λ). */
  readonly l2: number;
  readonly maxBins: number;
}

export const HIST_BOOSTING_DEFAULTS: HistBoostingOptions = {
  iterations: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  maxBins: MAX_BINS,
};

export class HistBoosting {
  readonly options: HistBoostingOptions;
  private baseline: Float64Array = new Float64Array(0);
  /** trees[iteration * K + k], K = 1 for two classes, else numClasses. */
  private trees: RegressionTree[] = [];
  private d = 0;
  private numClasses = 0;
  /** Training log-loss after each iteration. */
  readonly lossCurve: number[] = [];

  constructor(options: HistBoostingOptions) {
    const o = options;
    if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${o.iterations}`);
    if (!(o.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${o.learningRate}`);
    if (o.maxLeaves !== null && !(Number.isInteger(o.maxLeaves) && o.maxLeaves >= 2))
      throw new RangeError(`maxLeaves must be an integer ≥ 2 or null, got ${o.maxLeaves}`);
    if (o.maxDepth !== null && !(Number.isInteger(o.maxDepth) && o.maxDepth >= 1))
      throw new RangeError(`maxDepth must be a positive integer or null, got ${o.maxDepth}`);
    if (o.maxLeaves === null && o.maxDepth === null) throw new RangeError('maxLeaves and maxDepth cannot both be null: a tree needs a limit');
    if (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1) throw new RangeError(`minSamplesLeaf must be a positive integer, got ${o.minSamplesLeaf}`);
    if (!(o.l2 >= 0)) throw new RangeError(`l2 must be ≥ 0, got ${o.l2}`);
    this.options = options;
  }

  /** Trees per iteration (raw scores per row). */
  private get K(): number {
    return this.numClasses === 2 ? 1 : this.numClasses;
  }

  get iterationsRun(): number {
    return this.numClasses > 0 ? this.trees.length / this.K : 0;
  }

  fit(x: Float32Array, y: Int32Array, n: number, d: number, numClasses: number, onIteration?: (done: number, total: number, loss: number) => void): void {
    checkFitInput(x, y, n, d, numClasses);
    const o = this.options;
    const C = numClasses;
    this.d = d;
    this.numClasses = C;
    this.trees = [];
    this.lossCurve.length = 0;
    const { bins, binned } = binTrainingRows(x, n, d, o.maxBins);
    const pool = new HistogramPool(bins);
    const grower = new HistGrower(binned, bins, pool);

    const K = this.K;
    this.baseline = intercept(y, n, C);
    const raw = new Float64Array(n * K);
    for (let i = 0; i < n; i++) raw.set(this.baseline, i * K);
    const g = new Float32Array(n * K);
    const h = new Float32Array(n * K);
    const params = { maxLeaves: o.maxLeaves, maxDepth: o.maxDepth, minSamplesLeaf: o.minSamplesLeaf, l2: o.l2, shrinkage: o.learningRate };
    for (let it = 0; it < o.iterations; it++) {
      const loss = K === 1 ? binomialGradients(raw, y, n, g, h) : gradients(raw, y, n, C, g, h);
      for (let k = 0; k < K; k++) {
        const tree = grower.grow(g.subarray(k * n, (k + 1) * n), h.subarray(k * n, (k + 1) * n), params, (rows, start, end, v) => {
          if (v === 0) return;
          for (let j = start; j < end; j++) raw[rows[j] * K + k] += v;
        });
        this.trees.push(tree);
      }
      this.lossCurve.push(loss);
      onIteration?.(it + 1, o.iterations, loss);
    }
  }

  /** Raw scores, `n × K` (logits; for two classes the logit of class 1); with `perTree`, each tree's contribution too. */
  decision(x: Float32Array, n: number, perTree = false): { raw: Float64Array; contributions?: Float32Array } {
    if (this.numClasses === 0) throw new Error('HistBoosting.predict before fit');
    checkPredictInput(x, n, this.d);
    const K = this.K;
    const d = this.d;
    const T = this.trees.length;
    const raw = new Float64Array(n * K);
    const contributions = perTree ? new Float32Array(n * T) : undefined;
    for (let i = 0; i < n; i++) raw.set(this.baseline, i * K);
    for (let t = 0; t < T; t++) {
      const tree = this.trees[t];
      const k = t % K;
      for (let i = 0; i < n; i++) {
        const v = treeValue(tree, x, i * d);
        raw[i * K + k] += v;
        if (contributions) contributions[i * T + t] = v;
      }
    }
    return { raw, contributions };
  }

  predict(x: Float32Array, n: number, features = false): { probs: Float32Array; features?: Float32Array; featureSize?: number } {
    const { raw, contributions } = this.decision(x, n, features);
    const C = this.numClasses;
    const probs = new Float32Array(n * C);
    if (C === 2) {
      for (let i = 0; i < n; i++) {
        const p1 = 1 / (1 + Math.exp(-raw[i]));
        probs[2 * i] = 1 - p1;
        probs[2 * i + 1] = p1;
      }
    } else {
      softmaxRows(raw, n, C, probs);
    }
    return contributions ? { probs, features: contributions, featureSize: this.trees.length } : { probs };
  }
}

/** Softmax of each row of `raw` into `out`. */
export function softmaxRows(raw: Float64Array, n: number, C: number, out: Float32Array | Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * C;
    let m = -Infinity;
    for (let k = 0; k < C; k++) if (raw[o + k] > m) m = raw[o + k];
    let s = 0;
    for (let k = 0; k < C; k++) s += Math.exp(raw[o + k] - m);
    for (let k = 0; k < C; k++) out[o + k] = Math.exp(raw[o + k] - m) / s;
  }
}

/** The intercept-only raw scores (sklearn's `fit_intercept_only`, frequencies clipped to [ε, 1−ε]). */
function intercept(y: Int32Array, n: number, C: number): Float64Array {
  const counts = new Float64Array(C);
  for (let i = 0; i < n; i++) counts[y[i]]++;
  const eps = 2 ** -52;
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  if (C === 2) {
    const p1 = clip(counts[1] / n);
    return Float64Array.of(Math.log(p1 / (1 - p1)));
  }
  const base = new Float64Array(C);
  let meanLog = 0;
  for (let k = 0; k < C; k++) {
    base[k] = Math.log(clip(counts[k] / n));
    meanLog += base[k] / C;
  }
  for (let k = 0; k < C; k++) base[k] -= meanLog;
  return base;
}

/** Binomial gradients on the logit of class 1; returns the mean log-loss. */
function binomialGradients(raw: Float64Array, y: Int32Array, n: number, g: Float32Array, h: Float32Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const r = raw[i];
    const p = 1 / (1 + Math.exp(-r));
    const yi = y[i];
    // log(1 + e^r) − y·r, computed stably.
    loss += (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - yi * r;
    g[i] = p - yi;
    h[i] = p * (1 - p);
  }
  return loss / n;
}

/** Multinomial gradients and hessians (class-major: `g[k * n + i]`); returns the mean log-loss. */
function gradients(raw: Float64Array, y: Int32Array, n: number, C: number, g: Float32Array, h: Float32Array): number {
  const p = new Float64Array(C);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const o = i * C;
    let m = -Infinity;
    for (let k = 0; k < C; k++) if (raw[o + k] > m) m = raw[o + k];
    let s = 0;
    for (let k = 0; k < C; k++) {
      p[k] = Math.exp(raw[o + k] - m);
      s += p[k];
    }
    const yi = y[i];
    loss += Math.log(s) + m - raw[o + yi];
    for (let k = 0; k < C; k++) {
      const pk = p[k] / s;
      g[k * n + i] = pk - (k === yi ? 1 : 0);
      h[k * n + i] = pk * (1 - pk);
    }
  }
  return loss / n;
}
