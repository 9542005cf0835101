/**
 * Gaussian naive Bayes, as scikit-learn's GaussianNB: per class the feature means θ and
 * population variances σ² of its training rows, every variance widened by
 * `varSmoothing · max_f Var(x_f)` (variance over all training rows), priors = class frequencies.
 * The probability of class c is the softmax over classes of the joint log-likelihood
 *   log π_c − ½ Σ_f log(2π σ²_cf) − ½ Σ_f (x_f − θ_cf)² / σ²_cf,
 * all in float64. A class absent from the training rows gets probability 0 (it has no estimate;
 * sklearn would not know the class at all). No random numbers are drawn.
 *
 * Representation for CKA: the per-class joint log-likelihoods above (0 for an absent class, a
 * constant column that linear CKA ignores) — the quantities the prediction is a softmax of.
 */
import { checkFitInput, checkPredictInput } from './checks.js';

export interface NaiveBayesOptions {
  /** Share of the largest feature variance added to every variance (sklearn's var_smoothing). */
  readonly varSmoothing: number;
}

export class GaussianNaiveBayes {
  readonly options: NaiveBayesOptions;
  private theta: Float64Array = new Float64Array(0);
  private sigma: Float64Array = new Float64Array(0);
  private logPrior: Float64Array = new Float64Array(0);
  /** Per class: −½ Σ_f log(2π σ²_cf), precomputed. */
  private logNorm: Float64Array = new Float64Array(0);
  private present: boolean[] = [];
  private d = 0;
  private numClasses = 0;

  constructor(options: NaiveBayesOptions) {
    if (!(options.varSmoothing >= 0) || !Number.isFinite(options.varSmoothing))
      throw new RangeError(`varSmoothing must be a finite number ≥ 0, got ${options.varSmoothing}`);
    this.options = options;
  }

  fit(x: Float32Array, y: Int32Array, n: number, d: number, numClasses: number): void {
    checkFitInput(x, y, n, d, numClasses);
    const C = numClasses;
    this.d = d;
    this.numClasses = C;
    // Two-pass (mean, then squared deviations) sums in float64, per class and overall.
    const count = new Float64Array(C);
    const sum = new Float64Array(C * d);
    const total = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const c = y[i];
      count[c]++;
      const o = c * d;
      const r = i * d;
      for (let f = 0; f < d; f++) {
        sum[o + f] += x[r + f];
        total[f] += x[r + f];
      }
    }
    const theta = new Float64Array(C * d);
    for (let c = 0; c < C; c++) for (let f = 0; f < d; f++) theta[c * d + f] = count[c] > 0 ? sum[c * d + f] / count[c] : 0;
    for (let f = 0; f < d; f++) total[f] /= n;
    const sq = new Float64Array(C * d);
    const totalSq = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const o = y[i] * d;
      const r = i * d;
      for (let f = 0; f < d; f++) {
        const a = x[r + f] - theta[o + f];
        sq[o + f] += a * a;
        const b = x[r + f] - total[f];
        totalSq[f] += b * b;
      }
    }
    let maxVar = 0;
    for (let f = 0; f < d; f++) maxVar = Math.max(maxVar, totalSq[f] / n);
    const epsilon = this.options.varSmoothing * maxVar;
    const sigma = new Float64Array(C * d);
    const logNorm = new Float64Array(C);
    const logPrior = new Float64Array(C);
    this.present = Array.from(count, (c) => c > 0);
    for (let c = 0; c < C; c++) {
      if (count[c] === 0) continue;
      let ln = 0;
      for (let f = 0; f < d; f++) {
        const v = sq[c * d + f] / count[c] + epsilon;
        sigma[c * d + f] = v;
        ln += Math.log(2 * Math.PI * v);
      }
      logNorm[c] = -0.5 * ln;
      logPrior[c] = Math.log(count[c] / n);
    }
    this.theta = theta;
    this.sigma = sigma;
    this.logNorm = logNorm;
    this.logPrior = logPrior;
  }

  /** Joint log-likelihoods, `n × numClasses` (−Infinity for an absent class). */
  jointLogLikelihood(x: Float32Array, n: number): Float64Array {
    if (this.numClasses === 0) throw new Error('GaussianNaiveBayes.predict before fit');
    const { d, numClasses: C, theta, sigma } = this;
    checkPredictInput(x, n, d);
    const out = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      const r = i * d;
      for (let c = 0; c < C; c++) {
        if (!this.present[c]) {
          out[i * C + c] = -Infinity;
          continue;
        }
        const o = c * d;
        let s = 0;
        for (let f = 0; f < d; f++) {
          const a = x[r + f] - theta[o + f];
          s += (a * a) / sigma[o + f];
        }
        out[i * C + c] = this.logPrior[c] + this.logNorm[c] - 0.5 * s;
      }
    }
    return out;
  }

  predict(x: Float32Array, n: number, features = false): { probs: Float32Array; features?: Float32Array; featureSize?: number } {
    const jll = this.jointLogLikelihood(x, n);
    const C = this.numClasses;
    const probs = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      const o = i * C;
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (jll[o + c] > m) m = jll[o + c];
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(jll[o + c] - m);
      for (let c = 0; c < C; c++) probs[o + c] = Math.exp(jll[o + c] - m) / s;
    }
    if (!features) return { probs };
    const feats = new Float32Array(n * C);
    for (let j = 0; j < n * C; j++) feats[j] = Number.isFinite(jll[j]) ? jll[j] : 0;
    return { probs, features: feats, featureSize: C };
  }
}
