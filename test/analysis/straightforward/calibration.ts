/** The original calibration code (binary search per example, two passes): reference for src/analysis/calibration.ts. */

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

/**
 * ECE/MCE from per-example confidence and correctness. Edges are computed as b·(1/bins), like
 * numpy.linspace, so ties on edges fall exactly where sklearn puts them.
 */
export function calibrationFromConfidence(confidence: ArrayLike<number>, correct: ArrayLike<number | boolean>, bins = 15): CalibrationResult {
  const step = 1 / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => (b === bins ? 1 : b * step));
  const count = new Float64Array(bins);
  const sumAcc = new Float64Array(bins);
  const sumConf = new Float64Array(bins);
  const N = confidence.length;
  for (let x = 0; x < N; x++) {
    const c = confidence[x];
    // first b with c ≤ edges[b+1] (searchsorted over the inner edges, side='left')
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c <= edges[mid + 1]) hi = mid;
      else lo = mid + 1;
    }
    count[lo]++;
    sumAcc[lo] += Number(correct[x]);
    sumConf[lo] += c;
  }
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

/** ECE/MCE of one model from N × K row-major probabilities and the labels. */
export function expectedCalibrationError(probs: Float64Array, labels: ArrayLike<number>, numClasses: number, bins = 15): CalibrationResult {
  const N = labels.length;
  const conf = new Float64Array(N);
  const correct = new Uint8Array(N);
  for (let x = 0; x < N; x++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (probs[x * numClasses + k] > probs[x * numClasses + best]) best = k;
    conf[x] = probs[x * numClasses + best];
    correct[x] = best === labels[x] ? 1 : 0;
  }
  return calibrationFromConfidence(conf, correct, bins);
}
