// The bootstrap of the headline indices packs 4 resamples into one pass over the agreement plans
// (agreement.ts, weightedAgreementBatch). These tests check it against straightforward references:
// per-vector weightedAgreement / weightedCodeCounts, and a brute-force bootstrap that loops over
// examples and pairs, on small random inputs with plurality ties, constant and identical models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementPlan, weightedAgreement, weightedCodeCounts } from '../../src/analysis/agreement.js';
import { weightedAgreementBatch } from '../../src/analysis/agreement-batch.js';
import { mulberry32, percentileCi, resampleCounts, type BootstrapCi } from '../../src/analysis/bootstrap.js';
import { capaKappa } from '../../src/analysis/capa.js';
import { kappaFromAgreement } from '../../src/analysis/error-consistency.js';
import { headlineBootstrap, type HeadlineBootstrap, type HeadlineBootstrapInput } from '../../src/analysis/headline-bootstrap.js';
import { meanOverPairs } from '../../src/analysis/pair-summary.js';
import { systemicFailure } from '../../src/analysis/systemic-failure.js';
import { setWasmEnabled } from '../../src/analysis/wasm-asm.js';
import { codesOf } from './helpers.js';

/** Predictions with plurality ties, same wrong answers, an always-right, an always-wrong and two identical models. */
function tricky(M: number, N: number, K: number, seed: number) {
  const rng = mulberry32(seed);
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const confuser = Int32Array.from(labels, (y) => (y + 1 + Math.floor(rng() * (K - 1))) % K);
  const preds = Array.from({ length: M }, () => {
    const q = rng();
    return Int32Array.from(labels, (y, x) => (rng() < q ? y : rng() < 0.6 ? confuser[x] : (y + 1 + Math.floor(rng() * (K - 1))) % K));
  });
  preds[0] = Int32Array.from(labels);
  if (M > 3) preds[1] = Int32Array.from(preds[2]);
  if (M > 4) preds[M - 1] = Int32Array.from(confuser);
  // exact ties: half the models right, half on one wrong answer (and split wrong answers)
  for (let x = 0; x < N; x += 5) {
    for (let m = 0; m < M; m++) preds[m][x] = m < M / 2 ? labels[x] : x % 10 === 0 ? confuser[x] : (labels[x] + 1 + (m % (K - 1))) % K;
  }
  const probs = preds.map((p) => {
    const out = new Float64Array(N * K);
    for (let x = 0; x < N; x++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += out[x * K + k] = (k === p[x] ? 3 : 0) + rng();
      for (let k = 0; k < K; k++) out[x * K + k] /= s;
    }
    return out;
  });
  return { labels, preds, probs };
}

function bootstrapInput(labels: Int32Array, preds: Int32Array[], K: number, probs?: Float64Array[]): HeadlineBootstrapInput {
  const M = preds.length;
  const codes = codesOf(labels, preds);
  const failures = Uint16Array.from(labels, (_, x) => codes.reduce((f, c) => f + (c[x] ? 0 : 1), 0));
  void M;
  return { correctnessPlan: agreementPlan(codes, 2), labelPlan: agreementPlan(preds, K), failures, numClasses: K, labels, probs };
}

test('weightedAgreementBatch equals weightedAgreement / weightedCodeCounts one vector at a time (WebAssembly kernel and its JavaScript fallback)', () => {
  try {
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      for (const seed of [1, 2, 3]) {
        for (const [M, N, K] of [
          [7, 300, 4],
          [10, 200, 3],
          [4, 50, 2],
          [1, 20, 3],
          [6, 0, 3],
        ] as const) {
          const { labels, preds } = tricky(M, N, K, seed);
          const rng = mulberry32(seed + 100);
          for (const [codes, nc] of [
            [codesOf(labels, preds), 2],
            [preds, K],
          ] as const) {
            const plan = agreementPlan(codes, nc);
            const vectors: Int32Array[][] = [];
            // bootstrap-like multiplicities, batches of 1..4
            for (let L = 1; L <= 4; L++) vectors.push(Array.from({ length: L }, () => resampleCounts(N, rng)));
            // big weights: many flushes of the 13-bit fields, and single examples that overflow a field
            vectors.push(Array.from({ length: 4 }, () => Int32Array.from({ length: N }, () => Math.floor(rng() * 3000))));
            vectors.push(Array.from({ length: 3 }, (_, l) => Int32Array.from({ length: N }, (_, x) => (x % 3 === l ? 9000 + x : x % 2))));
            vectors.push([new Int32Array(N).fill(1), new Int32Array(N), Int32Array.from({ length: N }, () => 8191)]);
            // sums that land exactly on and just past a field's capacity (8191; 4095 for labels, counted twice)
            for (const v of [2047, 4095]) vectors.push(Array.from({ length: 4 }, (_, l) => Int32Array.from({ length: N }, (_, x) => v + ((x + l) % 3))));
            for (const ws of vectors) {
              const r = weightedAgreementBatch(plan, ws);
              assert.equal(r.agreement.length, ws.length);
              ws.forEach((w, l) => {
                assert.deepEqual(r.agreement[l], weightedAgreement(plan, w), `seed ${seed} M ${M} codes ${nc} vector ${l}`);
                if (nc === 2) assert.deepEqual(r.ones?.[l], weightedCodeCounts(plan, w, 1));
                else assert.equal(r.ones, null);
              });
            }
          }
        }
      }
    }
  } finally {
    setWasmEnabled(true);
  }
  assert.throws(() => weightedAgreementBatch(agreementPlan([[0]], 2), []), RangeError);
});

/** The headline bootstrap written out directly: one resample at a time, counts by loops over examples and pairs. */
function referenceBootstrap(
  labels: Int32Array,
  preds: Int32Array[],
  K: number,
  probs: Float64Array[] | undefined,
  B: number,
  seed: number,
  level: number,
): HeadlineBootstrap {
  const M = preds.length;
  const N = labels.length;
  const share = 1 / (K - 1);
  const values = (w: Int32Array) => {
    const correct = new Float64Array(M);
    const hist = new Float64Array(M + 1);
    for (let x = 0; x < N; x++) {
      let f = 0;
      for (let m = 0; m < M; m++)
        if (preds[m][x] === labels[x]) correct[m] += w[x];
        else f++;
      hist[f] += w[x];
    }
    const corrAgree = new Float64Array(M * M);
    const labAgree = new Float64Array(M * M);
    for (let i = 0; i < M; i++)
      for (let j = i + 1; j < M; j++) {
        let c = 0,
          a = 0;
        for (let x = 0; x < N; x++) {
          if ((preds[i][x] === labels[x]) === (preds[j][x] === labels[x])) c += w[x];
          if (preds[i][x] === preds[j][x]) a += w[x];
        }
        corrAgree[i * M + j] = c;
        labAgree[i * M + j] = a;
      }
    const p = Array.from(correct, (c) => c / N);
    const ec = meanOverPairs(M, (i, j) => kappaFromAgreement(corrAgree[i * M + j] / N, p[i], p[j]).value);
    const capaDiscrete = meanOverPairs(M, (i, j) => capaKappa(labAgree[i * M + j] / N, p[i], p[j], share).value);
    let capaProb: number | null = null;
    if (probs) {
      const pbar = probs.map((pr) => {
        let s = 0;
        for (let x = 0; x < N; x++) if (w[x] !== 0) s += w[x] * pr[x * K + labels[x]];
        return s / N;
      });
      capaProb = meanOverPairs(M, (i, j) => {
        let s = 0;
        for (let x = 0; x < N; x++) {
          if (w[x] === 0) continue;
          let d = 0;
          for (let k = 0; k < K; k++) d += probs[i][x * K + k] * probs[j][x * K + k];
          s += w[x] * d;
        }
        return capaKappa(s / N, pbar[i], pbar[j], share).value;
      });
    }
    const sf = systemicFailure(
      hist,
      p.map((v) => 1 - v),
    );
    let meanAcc = 0;
    for (const v of p) meanAcc += v / M;
    return { p, meanAcc, ec, capaDiscrete, capaProb, sf };
  };
  const est = values(new Int32Array(N).fill(1));
  const rng = mulberry32(seed);
  const reps = Array.from({ length: B }, () => values(resampleCounts(N, rng)));
  const ci = (e: number | null, f: (v: typeof est) => number | null): BootstrapCi => percentileCi(e, reps.map(f), level, seed);
  const lo: (number | null)[][] = Array.from({ length: M }, () => new Array<number | null>(M).fill(null));
  const hi: (number | null)[][] = Array.from({ length: M }, () => new Array<number | null>(M).fill(null));
  for (let i = 0; i < M; i++)
    for (let j = i + 1; j < M; j++) {
      const c = ci(est.p[i] - est.p[j], (v) => v.p[i] - v.p[j]);
      lo[i][j] = c.lo;
      hi[i][j] = c.hi;
      lo[j][i] = c.hi === null ? null : -c.hi;
      hi[j][i] = c.lo === null ? null : -c.lo;
    }
  return {
    meanAccuracy: ci(est.meanAcc, (v) => v.meanAcc),
    accuracy: est.p.map((e, m) => ci(e, (v) => v.p[m])),
    accuracyDifference: { lo, hi },
    errorConsistencyMean: ci(est.ec, (v) => v.ec),
    capaMean: probs ? ci(est.capaProb, (v) => v.capaProb) : ci(est.capaDiscrete, (v) => v.capaDiscrete),
    capaDiscreteMean: ci(est.capaDiscrete, (v) => v.capaDiscrete),
    systemicFailureObserved: ci(est.sf.observed, (v) => v.sf.observed),
    systemicFailureIndependent: ci(est.sf.independent, (v) => v.sf.independent),
    h: ci(est.sf.h, (v) => v.sf.h),
    log2h: ci(est.sf.log2h, (v) => v.sf.log2h),
    nsf: ci(est.sf.nsf, (v) => v.sf.nsf),
    oracleAccuracy: ci(est.sf.oracleAccuracy, (v) => v.sf.oracleAccuracy),
    ckaMean: { reason: 'not bootstrapped: resampling with replacement duplicates examples, which biases HSIC' },
  };
}

/** Deep equality where numbers may differ by 1e-12 (relative) — the probabilistic overlap sums in another order. */
function assertNear(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: ${String(actual)}`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), path);
    for (const [k, v] of Object.entries(expected)) assertNear((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

test('headlineBootstrap equals a brute-force bootstrap for the same seed (ties, constant and identical models)', () => {
  const cases = [
    { M: 6, N: 120, K: 3, B: 37, seed: 1 },
    { M: 7, N: 90, K: 4, B: 4, seed: 2 },
    { M: 4, N: 60, K: 2, B: 9, seed: 3 },
    { M: 9, N: 150, K: 5, B: 22, seed: 4 },
    { M: 2, N: 40, K: 3, B: 3, seed: 5 },
  ];
  for (const { M, N, K, B, seed } of cases) {
    const { labels, preds, probs } = tricky(M, N, K, seed);
    const level = 0.9;
    // labels only: every count is an integer, so the result is identical
    const fast = headlineBootstrap(bootstrapInput(labels, preds, K), { resamples: B, seed, level });
    assert.deepEqual(fast, referenceBootstrap(labels, preds, K, undefined, B, seed, level), `labels only, seed ${seed}`);
    assert.ok(fast.errorConsistencyMean.lo !== null);
    // with probabilities (probabilistic CAPA is bootstrapped at this size)
    const fastP = headlineBootstrap(bootstrapInput(labels, preds, K, probs), { resamples: B, seed, level });
    assertNear(fastP, referenceBootstrap(labels, preds, K, probs, B, seed, level), `probabilities, seed ${seed}`);
  }
});
