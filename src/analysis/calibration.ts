/**
 * Expected and maximum calibration error (Guo et al. 2017; METRICS.md §7) with equal-width bins
 * (lo, hi], edges b/bins; a confidence exactly on an edge goes to the lower bin, as in
 * sklearn.calibration.calibration_curve. conf = max_k p(k|x); correct = 1[argmax = y].
 */

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  accuracy: number | null;
  confidence: number | null;
}

export interface CalibrationResult {
  ece: number;
  /** Max |acc − conf| over non-empty bins. */
  mce: number;
  bins: CalibrationBin[];
}

/** Equal-width bin edges b·(1/bins), the last exactly 1 (like numpy.linspace). */
function binEdges(bins: number): number[] {
  const step = 1 / bins;
  return Array.from({ length: bins + 1 }, (_, b) => (b === bins ? 1 : b * step));
}

/**
 * The bin of confidence c: the first b with c ≤ edges[b+1] (searchsorted over the inner edges,
 * side='left'), the last bin when there is none. A guess from c·bins, moved to the edge it
 * belongs to, for c in (0, 1]; the binary search otherwise (0, NaN, out of range).
 */
function binOf(c: number, edges: readonly number[], bins: number): number {
  if (c > 0 && c <= 1) {
    let g = Math.ceil(c * bins) - 1;
    if (g < 0) g = 0;
    else if (g > bins - 1) g = bins - 1;
    while (g > 0 && c <= edges[g]) g--;
    while (g < bins - 1 && c > edges[g + 1]) g++;
    return g;
  }
  let lo = 0;
  let hi = bins - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c <= edges[mid + 1]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** ECE, MCE and the bins from per-bin count, Σ correct and Σ confidence over N examples. */
function finish(edges: readonly number[], count: Float64Array, sumAcc: Float64Array, sumConf: Float64Array, N: number): CalibrationResult {
  const bins = count.length;
  let ece = 0;
  let mce = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b];
    const acc = n === 0 ? null : sumAcc[b] / n;
    const conf = n === 0 ? null : sumConf[b] / n;
    if (acc !== null && conf !== null) {
      const gap = Math.abs(acc - conf);
      ece += (n / N) * gap;
      mce = Math.max(mce, gap);
    }
    out.push({ lo: edges[b], hi: edges[b + 1], count: n, accuracy: acc, confidence: conf });
  }
  return { ece, mce, bins: out };
}

/**
 * ECE/MCE from per-example confidence and correctness. Edges are computed as b·(1/bins), like
 * numpy.linspace, so ties on edges fall exactly where sklearn puts them.
 */
export function calibrationFromConfidence(confidence: ArrayLike<number>, correct: ArrayLike<number | boolean>, bins = 15): CalibrationResult {
  const edges = binEdges(bins);
  const count = new Float64Array(bins);
  const sumAcc = new Float64Array(bins);
  const sumConf = new Float64Array(bins);
  const N = confidence.length;
  for (let x = 0; x < N; x++) {
    const c = confidence[x];
    const b = binOf(c, edges, bins);
    count[b]++;
    sumAcc[b] += Number(correct[x]);
    sumConf[b] += c;
  }
  return finish(edges, count, sumAcc, sumConf, N);
}

/**
 * ECE/MCE of one model accumulated over consecutive blocks of its N × K probabilities: per example
 * conf = max_k p(k|x) (the first maximum), correct = 1[argmax = y], binned in example order, so
 * the sums are those of calibrationFromConfidence on the whole vectors.
 */
export class CalibrationAccumulator {
  private readonly edges: number[];
  private readonly count: Float64Array;
  private readonly sumAcc: Float64Array;
  private readonly sumConf: Float64Array;
  private n = 0;
  constructor(private readonly bins = 15) {
    this.edges = binEdges(bins);
    this.count = new Float64Array(bins);
    this.sumAcc = new Float64Array(bins);
    this.sumConf = new Float64Array(bins);
  }
  /** Rows x0, x0 + 1, … of the model's probabilities (whole rows of K). */
  add(block: ArrayLike<number>, K: number, labels: ArrayLike<number>, x0: number): void {
    const { edges, bins, count, sumAcc, sumConf } = this;
    const rows = Math.floor(block.length / K);
    for (let r = 0; r < rows; r++) {
      const o = r * K;
      let best = 0;
      let c = block[o];
      for (let k = 1; k < K; k++) {
        const v = block[o + k];
        if (v > c) {
          c = v;
          best = k;
        }
      }
      const b = binOf(c, edges, bins);
      count[b]++;
      sumAcc[b] += best === labels[x0 + r] ? 1 : 0;
      sumConf[b] += c;
    }
    this.n += rows;
  }
  result(): CalibrationResult {
    return finish(this.edges, this.count, this.sumAcc, this.sumConf, this.n);
  }
}

/** ECE/MCE of one model from N × K row-major probabilities and the labels (CalibrationAccumulator over all rows). */
export function expectedCalibrationError(probs: Float64Array, labels: ArrayLike<number>, numClasses: number, bins = 15): CalibrationResult {
  const acc = new CalibrationAccumulator(bins);
  acc.add(probs.subarray(0, labels.length * numClasses), numClasses, labels, 0);
  return acc.result();
}
