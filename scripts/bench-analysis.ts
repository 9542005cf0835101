// Benchmark of the analysis core (issue 4): headline indices for M models × N examples × K classes
// on synthetic, seeded predictions with correlated errors, and the paired bootstrap of the
// headline indices. Prints the median of a few repeats, wall-clock and CPU time of this process
// (on a shared machine the CPU time is the steadier figure; the load average is printed beside it).
// Usage: npm run bench:analysis [-- --quick]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzePredictions } from '../src/analysis/headline.js';
import { mulberry32 } from '../src/analysis/bootstrap.js';
import type { ValidatedPredictions } from '../src/analysis/predictions-input.js';

const quick = process.argv.includes('--quick');
const M = 100;
const N = quick ? 10_000 : 70_000;
const K = 10;
const REPEATS = quick ? 1 : 3;

/** Models fail with probability sigmoid(4·(difficulty − skill)); wrong answers favour one confuser class per example. */
function synthetic(withProbs: boolean): ValidatedPredictions {
  const rng = mulberry32(42);
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const difficulty = Float64Array.from({ length: N }, () => {
    const u = rng();
    return u < 0.7 ? -1.5 + rng() : u < 0.97 ? rng() * 3 - 1 : 3;
  });
  const confuser = Int32Array.from(labels, (y) => (y + 1 + Math.floor(rng() * (K - 1))) % K);
  const preds: Int32Array[] = [];
  const probs: (Float64Array | undefined)[] = [];
  for (let m = 0; m < M; m++) {
    const skill = 0.5 + rng();
    const pred = new Int32Array(N);
    const prob = withProbs ? new Float64Array(N * K) : undefined;
    for (let x = 0; x < N; x++) {
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

function time(label: string, fn: () => unknown, repeats = REPEATS): number {
  const t: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = median(t);
  const fmt = (xs: number[]) => xs.map((v) => (v / 1000).toFixed(3)).join(', ');
  console.log(`${label.padEnd(64)} median ${(med / 1000).toFixed(3)} s  (${fmt(t)})  cpu median ${(median(cpu) / 1000).toFixed(3)} s  (${fmt(cpu)})  load ${loadavg()[0].toFixed(1)}`);
  return med;
}

const discrete = synthetic(false);
const r = analyzePredictions(discrete, { bootstrap: 0 });
console.log(`M=${M} N=${N} K=${K}  mean acc ${r.meanAccuracy.toFixed(3)}  oracle ${r.oracleAccuracy.toFixed(4)}  EC κ̄ ${r.errorConsistency.mean?.toFixed(3)}  log2H ${r.systemicFailure.log2h?.toFixed(1)}  NSF ${r.systemicFailure.nsf?.toFixed(3)}  CAPA ${r.capa.mean?.toFixed(3)}`);
time('headline indices, predicted labels only (no bootstrap)', () => analyzePredictions(discrete, { bootstrap: 0 }));
const withProbs = synthetic(true);
time('headline indices with probabilities (probabilistic CAPA, ECE)', () => analyzePredictions(withProbs, { bootstrap: 0 }));
const B = 1000;
const full = time(`headline indices + ${B} bootstrap resamples (labels only)`, () => analyzePredictions(discrete, { bootstrap: B }), quick ? 1 : 2);
console.log(`  ≈ ${(full / B).toFixed(1)} ms per resample`);
