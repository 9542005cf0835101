/**
 * Per class (docs/metrics.md §1.1 with classes as groups): each model's accuracy on each class,
 * the share of each class's examples that every model gets wrong, and Bommasani et al.'s
 * group-level homogenization with classes as the groups, on one shared test set:
 *
 *   H_unif  = mean_g Π_m fail_g(m) / Π_m fail(m)
 *   H_worst = max_g  Π_m fail_g(m) / Π_m fail(m)     (argmax: the worst class)
 *
 * Products of M error rates are taken in log space (they underflow for a few hundred models);
 * empty classes are skipped; H is null (with a reason) when some model never fails, since then
 * Π_m fail(m) = 0. "Failed by every model": a class on which every model's error rate is above
 * one half — the class the whole matrix gets wrong, the question a fairness audit asks.
 */

export interface ClassRow {
  readonly classIndex: number;
  /** Examples of the class. */
  readonly n: number;
  /** Per model (in input order): accuracy on the class's examples. */
  readonly accuracy: number[];
  readonly meanAccuracy: number;
  /** Examples of the class every model gets wrong, and their share of the class. */
  readonly allFailCount: number;
  readonly allFailShare: number;
  /** Within the class: Π_m fail_g(m), the all-fail share expected if models failed independently. */
  readonly independentShare: number;
  /** Π_m fail_g(m) / Π_m fail(m): this class's term of H_unif/H_worst, log₂; null when undefined. */
  readonly log2GroupH: number | null;
  /** Every model's error rate on this class exceeds one half. */
  readonly failedByAll: boolean;
}

export interface PerClassResult {
  readonly models: number;
  /** Classes with at least one example, by class index. */
  readonly classes: ClassRow[];
  /** Class indices failed by every model (error rate > 1/2 for each), worst mean accuracy first. */
  readonly failedByAll: number[];
  readonly hUniform: number | null;
  readonly log2HUniform: number | null;
  readonly hWorst: number | null;
  readonly log2HWorst: number | null;
  /** The class attaining H_worst (null when H is undefined). */
  readonly worstClass: number | null;
  /** Why each null field is null. */
  readonly reasons: Record<string, string>;
}

/** log Σ exp(v) without overflow. */
function logSumExp(v: readonly number[]): number {
  const m = Math.max(...v);
  if (!Number.isFinite(m)) return m;
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

export function perClassAnalysis(labels: ArrayLike<number>, preds: readonly ArrayLike<number>[], numClasses: number): PerClassResult {
  const N = labels.length,
    M = preds.length;
  const count = new Array<number>(numClasses).fill(0);
  for (let x = 0; x < N; x++) count[labels[x]]++;
  const right = preds.map(() => new Array<number>(numClasses).fill(0));
  const allFail = new Array<number>(numClasses).fill(0);
  const overallWrong = new Array<number>(M).fill(0);
  for (let x = 0; x < N; x++) {
    const y = labels[x];
    let every = true;
    for (let m = 0; m < M; m++) {
      if (preds[m][x] === y) {
        right[m][y]++;
        every = false;
      } else overallWrong[m]++;
    }
    if (every && M > 0) allFail[y]++;
  }
  const reasons: Record<string, string> = {};
  const logFail = overallWrong.map((w) => Math.log(w / N));
  const logDenominator = logFail.reduce((a, b) => a + b, 0);
  const hDefined = M > 0 && N > 0 && Number.isFinite(logDenominator);
  if (!hDefined) {
    const perfect = overallWrong.findIndex((w) => w === 0);
    const why = M === 0 || N === 0 ? 'no models or no examples' : `model ${perfect} makes no error, so Π_m fail(m) = 0`;
    for (const k of ['hUniform', 'log2HUniform', 'hWorst', 'log2HWorst', 'worstClass']) reasons[k] = why;
  }
  const classes: ClassRow[] = [];
  const logTerms: Array<{ g: number; v: number }> = [];
  for (let g = 0; g < numClasses; g++) {
    const n = count[g];
    if (n === 0) continue;
    const accuracy = right.map((r) => r[g] / n);
    const logNumerator = accuracy.reduce((s, a) => s + Math.log(1 - a), 0);
    const logTerm = hDefined ? logNumerator - logDenominator : null;
    if (logTerm !== null) logTerms.push({ g, v: logTerm });
    classes.push({
      classIndex: g,
      n,
      accuracy,
      meanAccuracy: M ? accuracy.reduce((a, b) => a + b, 0) / M : 0,
      allFailCount: allFail[g],
      allFailShare: allFail[g] / n,
      independentShare: Math.exp(logNumerator),
      log2GroupH: logTerm === null || !Number.isFinite(logTerm) ? null : logTerm / Math.LN2,
      failedByAll: M > 0 && accuracy.every((a) => a < 0.5),
    });
  }
  let hUniform: number | null = null,
    log2HUniform: number | null = null,
    hWorst: number | null = null,
    log2HWorst: number | null = null,
    worstClass: number | null = null;
  if (hDefined && logTerms.length) {
    const logU = logSumExp(logTerms.map((t) => t.v)) - Math.log(logTerms.length);
    const top = logTerms.reduce((a, b) => (b.v > a.v ? b : a));
    if (Number.isFinite(logU)) {
      log2HUniform = logU / Math.LN2;
      hUniform = Math.exp(logU);
    } else reasons.hUniform = reasons.log2HUniform = 'no class on which every model errs: every term is 0';
    if (Number.isFinite(top.v)) {
      log2HWorst = top.v / Math.LN2;
      hWorst = Math.exp(top.v);
      worstClass = top.g;
    } else reasons.hWorst = reasons.log2HWorst = reasons.worstClass = 'no class on which every model errs: every term is 0';
    if (hUniform !== null && !Number.isFinite(hUniform)) {
      hUniform = null;
      reasons.hUniform = 'overflows a double; read log2HUniform';
    }
    if (hWorst !== null && !Number.isFinite(hWorst)) {
      hWorst = null;
      reasons.hWorst = 'overflows a double; read log2HWorst';
    }
  }
  const failedByAll = classes
    .filter((c) => c.failedByAll)
    .sort((a, b) => a.meanAccuracy - b.meanAccuracy)
    .map((c) => c.classIndex);
  return { models: M, classes, failedByAll, hUniform, log2HUniform, hWorst, log2HWorst, worstClass, reasons };
}
