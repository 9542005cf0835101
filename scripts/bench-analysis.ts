// Benchmark of the analysis core (issue 4, issue 14 item 5): on synthetic, seeded predictions with
// correlated errors (M models × N examples × K classes, factors architecture × optimizer × seed),
//  1. the headline indices (correctness, error consistency, systemic failure, CAPA, label agreement,
//     diversity, calibration) from predicted labels, and with probabilities (probabilistic CAPA, ECE)
//     — budget ≤ 1 s CPU with probabilities at M=100, N=70k, K=10;
//  2. 1000 paired bootstrap resamples of the headline indices — budget ≤ 10 s CPU;
//  3. the whole `divbench analyze` (analyzePredictions) at M=100, N=10k, 1000 resamples, timed as a
//     whole and measure by measure (pair regression per index, two-level bootstrap, curves, …).
// Every figure is CPU time of this process (user + sys; on a shared machine the steadier figure),
// the median of several repeats, with wall time and the 1-minute load average beside it.
// Usage: npm run bench:analysis [-- --quick] [-- --only headline|bootstrap|analyze]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { agreementPlan } from '../src/analysis/agreement.js';
import { mulberry32 } from '../src/analysis/bootstrap.js';
import { correctnessMatrix } from '../src/analysis/correctness.js';
import { analyzePredictions } from '../src/analysis/headline.js';
import { headlineBootstrap } from '../src/analysis/headline-bootstrap.js';
import type { ValidatedPredictions } from '../src/analysis/predictions-input.js';
import { analysisParts, headline } from './analysis-parts.js';
import { scriptArgs } from './script-args.js';

const args = scriptArgs(
  'usage: npm run bench:analysis -- [options]\nCPU of the headline indices, 1000 bootstrap resamples and analyzePredictions on synthetic predictions (--quick: smaller; --only: one part)',
  {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
);
const quick = args.quick;
const only = args.only;
const M = 100;
const N = quick ? 10_000 : 70_000;
const N_ANALYZE = quick ? 3_000 : 10_000;
const K = 10;
const REPEATS = quick ? 1 : 3;
const B = 1000;

/** Models fail with probability sigmoid(4·(difficulty − skill)); wrong answers favour one confuser class per example. */
function synthetic(withProbs: boolean, n: number): ValidatedPredictions {
  const rng = mulberry32(42);
  const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * K));
  const difficulty = Float64Array.from({ length: n }, () => {
    const u = rng();
    return u < 0.7 ? -1.5 + rng() : u < 0.97 ? rng() * 3 - 1 : 3;
  });
  const confuser = Int32Array.from(labels, (y) => (y + 1 + Math.floor(rng() * (K - 1))) % K);
  const preds: Int32Array[] = [];
  const probs: (Float64Array | undefined)[] = [];
  for (let m = 0; m < M; m++) {
    const skill = 0.5 + rng();
    const pred = new Int32Array(n);
    const prob = withProbs ? new Float64Array(n * K) : undefined;
    for (let x = 0; x < n; x++) {
      const pWrong = 1 / (1 + Math.exp(-3 * (difficulty[x] - skill)));
      let k = labels[x];
      if (rng() < pWrong) k = rng() < 0.7 ? confuser[x] : (labels[x] + 1 + Math.floor(rng() * (K - 1))) % K;
      pred[x] = k;
      if (prob) {
        const top = 0.5 + 0.5 * rng();
        for (let j = 0; j < K; j++) prob[x * K + j] = (1 - top) / (K - 1);
        prob[x * K + k] = top;
      }
    }
    preds.push(pred);
    probs.push(prob);
  }
  return {
    ids: Array.from({ length: M }, (_, m) => `m${m}`),
    labels,
    numClasses: K,
    preds,
    probs,
    features: preds.map(() => undefined),
    factors: preds.map((_, m) => ({ architecture: `a${m % 5}`, optimizer: `o${Math.floor(m / 5) % 4}`, seed: String(Math.floor(m / 20)) })),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const s3 = (ms: number) => (ms / 1000).toFixed(3);

/** Runs fn `repeats` times; prints and returns the median CPU seconds (and wall). */
function time(label: string, fn: () => unknown, repeats = REPEATS, budgetS?: number): number {
  const t: number[] = [];
  const cpu: number[] = [];
  const loads: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    loads.push(loadavg()[0]);
  }
  const med = median(cpu);
  const verdict = budgetS === undefined ? '' : `  budget ≤ ${budgetS} s ${med <= budgetS * 1000 ? 'ok' : 'MISSED'}`;
  console.log(
    `${label.padEnd(66)} cpu ${s3(med)} s (${cpu.map(s3).join(', ')})  wall ${s3(median(t))} s  load ${loads.map((l) => l.toFixed(1)).join(', ')}${verdict}`,
  );
  return med;
}

console.log(
  `analysis benchmark  M=${M} K=${K}  ${quick ? '(quick)' : ''}  node ${process.version}  load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

if (!only || only === 'headline' || only === 'bootstrap') {
  const discrete = synthetic(false, N);
  const r = analyzePredictions(discrete, { bootstrap: 0, curveSubsets: 0 });
  console.log(
    `N=${N}: mean acc ${r.meanAccuracy.toFixed(3)}  oracle ${r.oracleAccuracy.toFixed(4)}  EC κ̄ ${r.errorConsistency.mean?.toFixed(3)}  log2H ${r.systemicFailure.log2h?.toFixed(1)}  NSF ${r.systemicFailure.nsf?.toFixed(3)}  CAPA ${r.capa.mean?.toFixed(3)}`,
  );
  if (!only || only === 'headline') {
    time(`headline indices, predicted labels only (N=${N})`, () => headline(discrete));
    const withProbs = synthetic(true, N);
    time(`headline indices with probabilities (N=${N}; prob. CAPA, ECE)`, () => headline(withProbs), REPEATS, 1);
  }
  if (!only || only === 'bootstrap') {
    const c = correctnessMatrix(discrete.labels, discrete.preds);
    const codes = discrete.preds.map((pr) => Uint8Array.from(pr, (v, x) => (v === discrete.labels[x] ? 1 : 0)));
    const failures = new Uint16Array(N);
    for (let x = 0; x < N; x++) failures[x] = M - c.correctPerExample[x];
    const inp = { correctnessPlan: agreementPlan(codes, 2), labelPlan: agreementPlan(discrete.preds, K), failures, numClasses: K, labels: discrete.labels };
    time(`${B} headline bootstrap resamples (labels only, N=${N})`, () => headlineBootstrap(inp, { resamples: B, seed: 0, level: 0.95 }), quick ? 1 : 3, 10);
  }
}

if (!only || only === 'analyze') {
  const input = synthetic(false, N_ANALYZE);
  console.log(`whole analyze: M=${M} N=${N_ANALYZE} K=${K}, ${B} resamples (labels only; factors architecture × optimizer × seed)`);
  const whole = time(`analyzePredictions (bootstrap ${B})`, () => analyzePredictions(input, { bootstrap: B }), quick ? 1 : 2);
  const parts = analysisParts(input, B);
  let sum = 0;
  for (const [label, fn] of parts) sum += time(`  ${label}`, fn, 1);
  console.log(`  sum of the parts ${s3(sum)} s CPU (whole: ${s3(whole)} s)`);
}
