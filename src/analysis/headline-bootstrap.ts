/**
 * Paired bootstrap CIs for the headline indices (METRICS.md §6.1, §8). Each resample is a vector
 * of example multiplicities; every index is recomputed from weighted counts: pairwise agreement
 * via the plurality-complement plans (agreement.ts), per-model correct counts and the weighted
 * failure-count histogram. No loop runs over pairs × examples × resamples for examples that all
 * models treat alike.
 */
import { weightedAgreement, weightedCodeCounts, type AgreementPlan } from './agreement.js';
import { finiteBounds, percentileCi, percentileCiFinite, type BootstrapCi } from './bootstrap.js';
import { meanKappa } from './kappa-mean.js';
import { runResamples, type ResampleBatch, type ResampleConsumer } from './resample-batches.js';
import { systemicFailureIndices } from './systemic-failure.js';

export interface HeadlineBootstrapInput {
  /** Plan over correctness codes (0 wrong, 1 right). */
  correctnessPlan: AgreementPlan;
  /** Plan over predicted labels. */
  labelPlan: AgreementPlan;
  /** F(x), models failing on x. */
  failures: Uint16Array;
  numClasses: number;
  /** Per-model N × K probabilities, when every model has them. */
  probs?: readonly Float64Array[];
  labels: ArrayLike<number>;
}

export interface HeadlineBootstrapOptions {
  resamples: number;
  seed: number;
  level: number;
  /** Skip probabilistic CAPA when N·K·M²/2·B exceeds this many multiply-adds (default 4e9). */
  maxCapaWork?: number;
}

export interface HeadlineBootstrap {
  meanAccuracy: BootstrapCi;
  /** Per-model accuracy CI, in model order. */
  accuracy: BootstrapCi[];
  /** CI of accuracy_i − accuracy_j: lo[i][j], hi[i][j] (null on the diagonal). */
  accuracyDifference: { lo: (number | null)[][]; hi: (number | null)[][] };
  errorConsistencyMean: BootstrapCi;
  capaMean: BootstrapCi;
  capaDiscreteMean: BootstrapCi;
  systemicFailureObserved: BootstrapCi;
  systemicFailureIndependent: BootstrapCi;
  h: BootstrapCi;
  log2h: BootstrapCi;
  nsf: BootstrapCi;
  oracleAccuracy: BootstrapCi;
  /** CKA is not bootstrapped: duplicated examples bias HSIC. */
  ckaMean: { reason: string };
}

/**
 * Per-example overlaps Σ_k p_i(k|x) p_j(k|x) for every pair i ≤ j, computed once, so a resample's
 * overlap is one weighted sum per pair instead of K multiply-adds per example and pair. Only when
 * the table stays small (pairs × N ≤ maxEntries); otherwise null and the direct loop runs.
 */
function overlapTable(probs: readonly Float64Array[], K: number, N: number, maxEntries = 1e7): Float64Array[] | null {
  const M = probs.length;
  if (((M * (M + 1)) / 2) * N > maxEntries) return null;
  const rows: Float64Array[] = [];
  for (let i = 0; i < M; i++) {
    const a = probs[i];
    for (let j = i; j < M; j++) {
      const b = probs[j];
      const row = new Float64Array(N);
      for (let x = 0; x < N; x++) {
        let d = 0;
        const o = x * K;
        for (let k = 0; k < K; k++) d += a[o + k] * b[o + k];
        row[x] = d;
      }
      rows.push(row);
    }
  }
  return rows;
}

function weightedOverlap(probs: readonly Float64Array[], K: number, w: Int32Array, M: number, table?: Float64Array[] | null): Float64Array {
  const out = new Float64Array(M * M);
  if (table) {
    let t = 0;
    for (let i = 0; i < M; i++) {
      for (let j = i; j < M; j++) {
        const row = table[t++];
        let s = 0;
        for (let x = 0; x < row.length; x++) s += w[x] * row[x];
        out[i * M + j] = out[j * M + i] = s;
      }
    }
    return out;
  }
  const N = w.length;
  for (let i = 0; i < M; i++) {
    const a = probs[i];
    for (let j = i; j < M; j++) {
      const b = probs[j];
      let s = 0;
      for (let x = 0; x < N; x++) {
        const wx = w[x];
        if (wx === 0) continue;
        let d = 0;
        const o = x * K;
        for (let k = 0; k < K; k++) d += a[o + k] * b[o + k];
        s += wx * d;
      }
      out[i * M + j] = out[j * M + i] = s;
    }
  }
  return out;
}

/** One resample's headline values from multiplicities `w` (or all ones). */
function headlineValues(inp: HeadlineBootstrapInput, w: Int32Array, withProbCapa: boolean) {
  const correct = weightedCodeCounts(inp.correctnessPlan, w, 1);
  const corrAgree = weightedAgreement(inp.correctnessPlan, w);
  const labAgree = weightedAgreement(inp.labelPlan, w);
  return valuesFromCounts(inp, w, correct, corrAgree, labAgree, withProbCapa);
}

/** The headline values from a resample's weighted counts (per-model correct, pairwise agreement). */
function valuesFromCounts(
  inp: HeadlineBootstrapInput,
  w: Int32Array,
  correct: Float64Array,
  corrAgree: Float64Array,
  labAgree: Float64Array,
  withProbCapa: boolean,
  table?: Float64Array[] | null,
) {
  const M = inp.correctnessPlan.models;
  const N = w.length;
  const K = inp.numClasses;
  const p = Array.from(correct, (c) => c / N);
  const ec = meanKappa(M, corrAgree, N, p, 1);
  const share = 1 / (K - 1);
  const capaDiscrete = meanKappa(M, labAgree, N, p, share);
  let capaProb: number | null = null;
  if (withProbCapa && inp.probs) {
    const ov = weightedOverlap(inp.probs, K, w, M, table);
    const pbar = inp.probs.map((pr) => {
      let s = 0;
      for (let x = 0; x < N; x++) if (w[x] !== 0) s += w[x] * pr[x * K + inp.labels[x]];
      return s / N;
    });
    capaProb = meanKappa(M, ov, N, pbar, share);
  }
  const hist = new Float64Array(M + 1);
  for (let x = 0; x < N; x++) hist[inp.failures[x]] += w[x];
  const sf = systemicFailureIndices(
    hist,
    p.map((v) => 1 - v),
  );
  let meanAcc = 0;
  for (const v of p) meanAcc += v / M;
  return { p, meanAcc, ec, capaDiscrete, capaProb, sf };
}

/** Bootstrap CIs of every headline index, over the example resamples of runResamples (resample-batches.ts). */
export function headlineBootstrap(inp: HeadlineBootstrapInput, options: HeadlineBootstrapOptions): HeadlineBootstrap {
  const acc = headlineAccumulator(inp, options);
  runResamples(inp, options.resamples, options.seed, [acc]);
  return acc.finish();
}

/** headlineBootstrap as a consumer of runResamples' batches (to share them with the two-level bootstrap): finish() after the last. */
export function headlineAccumulator(inp: HeadlineBootstrapInput, options: HeadlineBootstrapOptions): ResampleConsumer & { finish(): HeadlineBootstrap } {
  const M = inp.correctnessPlan.models;
  const N = inp.correctnessPlan.examples;
  const B = options.resamples;
  const { seed, level } = options;
  const work = N * inp.numClasses * ((M * (M + 1)) / 2) * B;
  const probCapa = inp.probs !== undefined && work <= (options.maxCapaWork ?? 4e9);
  const est = headlineValues(inp, new Int32Array(N).fill(1), probCapa);
  const table = probCapa && inp.probs ? overlapTable(inp.probs, inp.numClasses, N) : null;
  const acc: number[][] = Array.from({ length: M }, () => []);
  const series: Record<string, (number | null)[]> = {
    meanAcc: [],
    ec: [],
    capaDiscrete: [],
    capaProb: [],
    sfr: [],
    indep: [],
    h: [],
    log2h: [],
    nsf: [],
    oracle: [],
  };
  // the resamples' pairwise counts come in batches (resample-batches.ts): the values equal
  // resampling and counting one at a time
  const add = ({ weights: batch, corr, lab }: ResampleBatch) => {
    for (let l = 0; l < batch.length; l++) {
      const w = batch[l];
      const correct = corr.ones ? corr.ones[l] : weightedCodeCounts(inp.correctnessPlan, w, 1);
      const v = valuesFromCounts(inp, w, correct, corr.agreement[l], lab.agreement[l], probCapa, table);
      for (let m = 0; m < M; m++) acc[m].push(v.p[m]);
      series.meanAcc.push(v.meanAcc);
      series.ec.push(v.ec);
      series.capaDiscrete.push(v.capaDiscrete);
      series.capaProb.push(v.capaProb);
      series.sfr.push(v.sf.observed);
      series.indep.push(v.sf.independent);
      series.h.push(v.sf.h);
      series.log2h.push(v.sf.log2h);
      series.nsf.push(v.sf.nsf);
      series.oracle.push(v.sf.oracleAccuracy);
    }
  };
  const finish = (): HeadlineBootstrap => {
    if (series.meanAcc.length !== B) throw new Error(`headline bootstrap: ${series.meanAcc.length} of ${B} resamples added`);
    const ci = (e: number | null, k: string) => percentileCi(e, series[k], level, seed);
    const lo: (number | null)[][] = Array.from({ length: M }, () => new Array<number | null>(M).fill(null));
    const hi: (number | null)[][] = Array.from({ length: M }, () => new Array<number | null>(M).fill(null));
    // accuracy differences are always finite: their percentiles from one reused buffer, by selection
    const accRows = acc.map((a) => Float64Array.from(a));
    const allFinite = accRows.every((a) => a.every((v) => Number.isFinite(v)));
    const diff = new Float64Array(B);
    const bounds = allFinite ? finiteBounds(B, level) : null;
    for (let i = 0; i < M; i++) {
      const ai = accRows[i];
      for (let j = i + 1; j < M; j++) {
        const aj = accRows[j];
        if (bounds) {
          const [l, h] = bounds.ofDifference(ai, aj);
          lo[i][j] = l;
          hi[i][j] = h;
          lo[j][i] = -h;
          hi[j][i] = -l;
          continue;
        }
        for (let b = 0; b < B; b++) diff[b] = ai[b] - aj[b];
        const c = allFinite ? percentileCiFinite(est.p[i] - est.p[j], diff, level, seed) : percentileCi(est.p[i] - est.p[j], Array.from(diff), level, seed);
        // the CI of acc_j − acc_i is the negated, swapped CI of acc_i − acc_j
        lo[i][j] = c.lo;
        hi[i][j] = c.hi;
        lo[j][i] = c.hi === null ? null : -c.hi;
        hi[j][i] = c.lo === null ? null : -c.lo;
      }
    }
    let capaMean: BootstrapCi;
    if (inp.probs === undefined) capaMean = ci(est.capaDiscrete, 'capaDiscrete');
    else if (probCapa) capaMean = ci(est.capaProb, 'capaProb');
    else {
      capaMean = {
        ...percentileCi(null, [], level, seed),
        reason: `probabilistic CAPA not bootstrapped: N·K·M(M+1)/2·B = ${work.toExponential(2)} multiply-adds exceeds the budget; see capaDiscreteMean`,
      };
    }
    return {
      meanAccuracy: ci(est.meanAcc, 'meanAcc'),
      accuracy: acc.map((a, m) => percentileCi(est.p[m], a, level, seed)),
      accuracyDifference: { lo, hi },
      errorConsistencyMean: ci(est.ec, 'ec'),
      capaMean,
      capaDiscreteMean: ci(est.capaDiscrete, 'capaDiscrete'),
      systemicFailureObserved: ci(est.sf.observed, 'sfr'),
      systemicFailureIndependent: ci(est.sf.independent, 'indep'),
      h: ci(est.sf.h, 'h'),
      log2h: ci(est.sf.log2h, 'log2h'),
      nsf: ci(est.sf.nsf, 'nsf'),
      oracleAccuracy: ci(est.sf.oracleAccuracy, 'oracle'),
      ckaMean: { reason: 'not bootstrapped: resampling with replacement duplicates examples, which biases HSIC' },
    };
  };
  return { add, finish };
}
