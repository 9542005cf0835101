// The fast paths of the analysis core against the straightforward versions they replaced
// (test/analysis/straightforward/): same seeds, same draws, results equal up to float rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../src/analysis/bootstrap.js';
import { agreementPlan } from '../../src/analysis/agreement.js';
import { calibrationFromConfidence, expectedCalibrationError } from '../../src/analysis/calibration.js';
import { meanCorrectProbability, probabilityOverlap, probabilityOverlapJs, probabilityPass } from '../../src/analysis/capa.js';
import { correctnessMatrix } from '../../src/analysis/correctness.js';
import { diversityCurves } from '../../src/analysis/diversity-curves.js';
import { errorConsistency } from '../../src/analysis/error-consistency.js';
import { accumulateGram, GramSolver } from '../../src/analysis/gram-ols.js';
import { IncrementalOls, ols } from '../../src/analysis/ols.js';
import { pairRegression, pairRegressions } from '../../src/analysis/pair-regression.js';
import { setWasmEnabled } from '../../src/analysis/wasm-asm.js';
import { jacobiEigenvalues, symmetricEigenvalues } from '../../src/analysis/vendi.js';
import { wasmGram } from '../../src/analysis/wasm-gram.js';
import { wasmRowAccumulator } from '../../src/analysis/wasm-add.js';
import { pairSummer, rowSummer } from '../../src/analysis/wasm-rowsum.js';
import { wasmVoter } from '../../src/analysis/wasm-votes.js';
import { calibrationFromConfidence as calibrationStraightforward, expectedCalibrationError as eceStraightforward } from './straightforward/calibration.js';
import { agreementPlanStraightforward } from './straightforward/agreement.js';
import { ols as olsStraightforward } from './straightforward/ols.js';
import { allPoolStraightforward, sameRecipePoolStraightforward } from './straightforward/diversity-curves.js';
import { pairRegressionStraightforward } from './straightforward/pair-regression.js';

/** Deep equality where numbers may differ by `tol` (relative to max(1, |expected|)). */
export function assertNear(actual: unknown, expected: unknown, tol: number, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `${path}: ${actual} vs NaN`);
    else if (!Number.isFinite(expected)) assert.equal(actual, expected, path);
    else assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path}: ${String(actual)}`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), path);
    for (const [k, v] of Object.entries(expected)) assertNear((actual as Record<string, unknown>)[k], v, tol, `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

test('ols (incremental QR) is bit-identical to the one-shot QR; weights equal duplicated rows; the Gram solve agrees, collinear column included', () => {
  const rng = mulberry32(7);
  const n = 40;
  const cols = [Array(n).fill(1), Array.from({ length: n }, () => rng()), Array.from({ length: n }, () => (rng() < 0.4 ? 1 : 0))];
  cols.push(cols[1].map((v, r) => 2 * v - cols[2][r])); // collinear: dropped
  cols.push(Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0)));
  const y = Array.from({ length: n }, () => rng());
  assert.deepEqual(ols(cols, y), olsStraightforward(cols, y));
  // weights k = k copies of the row
  const w = Array.from({ length: n }, () => Math.floor(rng() * 3));
  const dupCols = cols.map((c) => c.flatMap((v, r) => Array(w[r]).fill(v)));
  const dupY = y.flatMap((v, r) => Array(w[r]).fill(v));
  const f = new IncrementalOls(n, w);
  for (const c of cols) f.add(c);
  const weighted = f.solve(y);
  const dup = olsStraightforward(dupCols, dupY);
  assertNear(weighted.coefficients, dup.coefficients, 1e-10);
  assert.deepEqual(weighted.dropped, dup.dropped);
  assertNear(weighted.rss, dup.rss, 1e-10);
  // the Gram solve (refits of the pairwise regression): same coefficients, same dropped column
  for (const weights of [null, w]) {
    const p = cols.length;
    const x = new Float64Array(n * p);
    cols.forEach((c, j) => c.forEach((v: number, r: number) => (x[r * p + j] = v)));
    const gram = new Float64Array(p * p),
      xty = new Float64Array(p),
      beta = new Float64Array(p);
    accumulateGram(
      x,
      p,
      [y],
      weights,
      Int32Array.from({ length: n }, (_, r) => r),
      n,
      gram,
      [xty],
    );
    assert.equal(new GramSolver(p).solve(gram, xty, beta), p - 1);
    const qr = new IncrementalOls(n, weights);
    for (const c of cols) qr.add(c);
    const ref = qr.solve(y);
    assert.deepEqual(ref.dropped, [3]);
    assertNear(
      Array.from(beta, (v) => (Number.isNaN(v) ? null : v)),
      ref.coefficients,
      1e-9,
    );
  }
});

/** Continuous random probabilities (no ties) leaning towards each model's predicted class. */
function randomProbabilities(preds: readonly Int32Array[], N: number, K: number, rng: () => number): Float64Array[] {
  return preds.map((p) => {
    const out = new Float64Array(N * K);
    for (let x = 0; x < N; x++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += out[x * K + k] = rng() + (k === p[x] ? 1 : 0);
      for (let k = 0; k < K; k++) out[x * K + k] /= s;
    }
    return out;
  });
}

/** Models of a small factorial suite with per-architecture shared noise in their errors. */
function suite(seed: number, archs: number, opts: number, seeds: number, N: number) {
  const rng = mulberry32(seed);
  const K = 4;
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const hard = Float64Array.from({ length: N }, () => rng());
  const archNoise = Array.from({ length: archs }, () => Float64Array.from({ length: N }, () => rng()));
  const factors: Record<string, string>[] = [];
  const preds: Int32Array[] = [];
  for (let a = 0; a < archs; a++) {
    for (let o = 0; o < opts; o++) {
      for (let s = 0; s < seeds; s++) {
        factors.push({
          architecture: `a${a}`,
          optimizer: `o${o}`,
          seed: String(s),
          'stream:init': `${a}-${o}-${s}`,
          'stream:dataOrder': `d${s}`,
          dataset: 'x',
        });
        preds.push(
          Int32Array.from(labels, (y, x) => (0.5 * hard[x] + 0.4 * archNoise[a][x] + 0.3 * rng() > 0.75 ? (y + 1 + Math.floor(rng() * (K - 1))) % K : y)),
        );
      }
    }
  }
  const c = correctnessMatrix(labels, preds);
  return { factors, acc: Array.from(c.correct, (v) => v / N), ec: errorConsistency(c) };
}

test('pairRegression equals the straightforward version (fixture data and factorial suites, several seeds)', () => {
  const ref = JSON.parse(readFileSync(new URL('../fixtures/analysis/stats-reference.json', import.meta.url), 'utf8')).regression;
  const labels = Int32Array.from(ref.labels as number[]);
  const c = correctnessMatrix(
    labels,
    (ref.preds as number[][]).map((p) => Int32Array.from(p)),
  );
  const fixture = { factors: ref.factors as Record<string, string>[], acc: Array.from(c.correct, (v) => v / labels.length), ec: errorConsistency(c) };
  const cases = [
    { data: fixture, o: { resamples: 60, permutations: 25, seed: 3 } },
    { data: suite(1, 3, 2, 3, 300), o: { resamples: 40, permutations: 20, seed: 0 } },
    { data: suite(2, 2, 2, 2, 200), o: { resamples: 50, permutations: 15, seed: 5 } },
    { data: suite(3, 4, 1, 2, 150), o: { resamples: 0, permutations: 10, seed: 2 } },
  ];
  for (const { data, o } of cases) {
    const fast = pairRegression(data.ec.matrix, data.acc, data.factors, o);
    const slow = pairRegressionStraightforward(data.ec.matrix, data.acc, data.factors, o);
    // the bootstrap refits weight rows instead of duplicating them: the sums differ in rounding only
    assertNear(fast, slow, 1e-9, `case seed ${o.seed}`);
    assert.ok(fast.terms.some((t) => t.p !== null));
  }
  // a model without factors and an undefined pair
  const d = suite(4, 2, 2, 2, 100);
  const f = d.factors.map((x, i) => (i === 3 ? undefined : x));
  const m = d.ec.matrix.map((row) => row.slice());
  m[0][1] = m[1][0] = null;
  assertNear(
    pairRegression(m, d.acc, f, { resamples: 30, permutations: 9, seed: 1 }),
    pairRegressionStraightforward(m, d.acc, f, { resamples: 30, permutations: 9, seed: 1 }),
    1e-9,
  );
});

test('WebAssembly SIMD Gram equals the JavaScript overlap (every M mod 4, odd lengths, several blocks)', () => {
  const rng = mulberry32(11);
  for (const [M, T] of [
    [1, 1],
    [1, 7],
    [2, 3],
    [3, 70_001],
    [4, 16],
    [5, 9],
    [6, 33],
    [7, 40_000],
    [9, 5],
    [13, 2000],
    [30, 999],
  ]) {
    const rows = Array.from({ length: M }, () => Float64Array.from({ length: T }, () => rng()));
    const g = wasmGram(rows);
    assert.ok(g, 'WebAssembly SIMD is available in every Node this package supports (>= 20.5)');
    const js = probabilityOverlapJs(rows, 1);
    for (let t = 0; t < M * M; t++) assert.ok(Math.abs(g[t] - js[t]) <= 1e-12 * Math.max(1, Math.abs(js[t])), `M ${M} T ${T} entry ${t}: ${g[t]} vs ${js[t]}`);
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) assert.equal(g[i * M + j], g[j * M + i]);
  }
  assert.equal(wasmGram([])?.length, 0);
  // probabilityOverlap takes the kernel, and the JavaScript loop for ragged input or without WebAssembly
  const rows = [Float64Array.of(0.5, 0.5), Float64Array.of(1, 0)];
  assert.deepEqual(Array.from(probabilityOverlap(rows, 2)), [0.5, 0.5, 0.5, 1]);
  try {
    setWasmEnabled(false);
    assert.equal(wasmGram(rows), null);
    assert.deepEqual(Array.from(probabilityOverlap(rows, 2)), [0.5, 0.5, 0.5, 1]);
  } finally {
    setWasmEnabled(true);
  }
});

test('ECE: the one-pass argmax + direct binning equals the two-pass binary search (edges, ties, 0 and 1)', () => {
  const rng = mulberry32(5);
  const K = 4,
    N = 3000;
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const probs = new Float64Array(N * K);
  for (let x = 0; x < N; x++) {
    const kind = rng();
    for (let k = 0; k < K; k++) probs[x * K + k] = rng();
    // confidences exactly on a bin edge (b/15, b·(1/15)), ties for the maximum, 0 and 1
    if (kind < 0.2) probs[x * K + Math.floor(rng() * K)] = Math.floor(rng() * 16) / 15;
    else if (kind < 0.3) probs[x * K + Math.floor(rng() * K)] = Math.floor(rng() * 16) * (1 / 15);
    else if (kind < 0.4) probs.fill(0.25, x * K, x * K + K);
    else if (kind < 0.45) probs.fill(0, x * K, x * K + K);
    else if (kind < 0.5) probs[x * K] = 1;
    let s = 0;
    for (let k = 0; k < K; k++) s = Math.max(s, probs[x * K + k]);
    if (s > 1) for (let k = 0; k < K; k++) probs[x * K + k] /= s;
  }
  for (const bins of [15, 10, 7]) {
    assert.deepEqual(expectedCalibrationError(probs, labels, K, bins), eceStraightforward(probs, labels, K, bins), `bins ${bins}`);
    const conf = Float64Array.from({ length: 500 }, (_, i) => (i < 100 ? i / 99 : i < 200 ? (i - 100) * (1 / 99) : rng()));
    const correct = Uint8Array.from(conf, () => (rng() < 0.5 ? 1 : 0));
    assert.deepEqual(calibrationFromConfidence(conf, correct, bins), calibrationStraightforward(conf, correct, bins));
  }
});

test('symmetricEigenvalues (Householder + QL) equals cyclic Jacobi (random, identity, all-ones, zero, block and diagonal matrices)', () => {
  const rng = mulberry32(13);
  const cases: [number, Float64Array][] = [];
  for (const n of [1, 2, 3, 4, 7, 20, 61]) {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = i === j ? 1 : rng() < 0.3 ? 0 : rng() * 2 - 1;
    cases.push([n, a]);
    cases.push([n, Float64Array.from({ length: n * n }, (_, t) => (Math.floor(t / n) === t % n ? 1 : 0))]);
    cases.push([n, new Float64Array(n * n).fill(1 / n)]);
    cases.push([n, new Float64Array(n * n)]);
    cases.push([n, Float64Array.from({ length: n * n }, (_, t) => (Math.floor(t / n) === t % n ? rng() : 0))]);
    cases.push([n, Float64Array.from({ length: n * n }, (_, t) => (Math.floor(Math.floor(t / n) / 2) === Math.floor((t % n) / 2) ? 1 : 0))]);
  }
  for (const [n, a] of cases) {
    const fast = Array.from(symmetricEigenvalues(a, n)).sort((x, y) => x - y);
    const slow = Array.from(jacobiEigenvalues(a, n)).sort((x, y) => x - y);
    fast.forEach((v, i) => assert.ok(Math.abs(v - slow[i]) <= 1e-12 * Math.max(1, n), `n ${n}: ${v} vs ${slow[i]}`));
  }
});

test('agreementPlan (blocked, example-major) equals the straightforward three-pass plan (ties, more codes than models, growth)', () => {
  const rng = mulberry32(17);
  for (const [M, N, K, skew] of [
    [1, 10, 3, 0],
    [2, 9, 2, 0.5],
    [5, 300, 3, 0.6],
    [7, 1000, 12, 0.3],
    [50, 800, 50, 0],
    [40, 5000, 2, 0.8],
    [3, 0, 4, 0],
    [120, 700, 10, 0.9],
  ]) {
    const truth = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
    const codes = Array.from({ length: M }, (_, m) => {
      const v = Int32Array.from(truth, (y) => (rng() < skew ? y : Math.floor(rng() * K)));
      return m % 2 ? v : Uint8Array.from(v);
    });
    assert.deepEqual(agreementPlan(codes, K), agreementPlanStraightforward(codes, K), `M ${M} N ${N} K ${K}`);
  }
});

test('probabilityPass (overlap kernel visiting each block) equals overlap, meanCorrectProbability and ECE computed separately', () => {
  const rng = mulberry32(23);
  for (const [M, N, K] of [
    [1, 5, 3],
    [3, 40_000, 3],
    [6, 1000, 10],
    [9, 333, 7],
    [2, 8, 1],
  ]) {
    const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
    const probs = Array.from({ length: M }, () => Float64Array.from({ length: N * K }, () => (rng() < 0.1 ? Math.floor(rng() * 16) / 15 : rng())));
    const pass = probabilityPass(probs, labels, K);
    assert.deepEqual(pass.pbar, meanCorrectProbability(probs, labels, K), `M ${M} N ${N} K ${K}`);
    assert.deepEqual(
      pass.calibration,
      probs.map((p) => eceStraightforward(p, labels, K)),
    );
    assertNear(Array.from(pass.overlap), Array.from(probabilityOverlapJs(probs, K)), 1e-12);
  }
});

test("the accumulator's label-wins count equals the argmax check (ties to the lowest index), odd and even K, exact ties", () => {
  const rng = mulberry32(41);
  for (const K of [1, 2, 3, 7, 10]) {
    const N = 203;
    const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
    // probabilities on a grid of quarters: the sums tie often
    const rows = Array.from({ length: 6 }, () => Float64Array.from({ length: N * K }, () => Math.floor(rng() * 3) / 4));
    const acc = wasmRowAccumulator(rows, { labels, numClasses: K });
    assert.ok(acc?.labelWins, 'WebAssembly SIMD is available here');
    const sums = new Float64Array(N * K);
    let ties = 0;
    for (let m = 0; m < rows.length; m++) {
      acc.add(m);
      for (let i = 0; i < sums.length; i++) sums[i] += rows[m][i];
      let right = 0;
      for (let x = 0; x < N; x++) {
        let best = 0;
        for (let k = 1; k < K; k++) if (sums[x * K + k] > sums[x * K + best]) best = k;
        if (best === labels[x]) right++;
        for (let k = 0; k < K; k++) if (k !== labels[x] && sums[x * K + k] === sums[x * K + labels[x]]) ties++;
      }
      assert.equal(acc.labelWins(), right, `K=${K}, ${m + 1} rows`);
      assert.deepEqual(acc.sums, sums);
    }
    if (K > 1) assert.ok(ties > 0);
  }
});

test('the accumulator keeps rows of float32 numbers as float32 and its sums stay bit-identical; rows with other doubles stay float64', () => {
  const rng = mulberry32(43);
  const N = 101,
    K = 7;
  for (const round of [true, false]) {
    const rows = Array.from({ length: 5 }, () => Float64Array.from({ length: N * K }, () => (round ? Math.fround(rng()) : rng())));
    const acc = wasmRowAccumulator(rows);
    assert.ok(acc);
    const sums = new Float64Array(N * K);
    for (let m = 0; m < rows.length; m++) {
      acc.add(m);
      for (let i = 0; i < sums.length; i++) sums[i] += rows[m][i];
      assert.deepEqual(acc.sums, sums, `float32 rows: ${round}`);
    }
  }
});

test('diversity curves: probability sums in the WebAssembly accumulator equal the JavaScript loop bit for bit', () => {
  const rng = mulberry32(29);
  const M = 9,
    N = 301,
    K = 5;
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const preds = Array.from({ length: M }, () => Int32Array.from(labels, (y) => (rng() < 0.3 ? Math.floor(rng() * K) : y)));
  const probs = randomProbabilities(preds, N, K, rng);
  const correctness = correctnessMatrix(labels, preds);
  const recipes = preds.map((_, m) => `r${m % 3}`);
  const run = () => diversityCurves({ labels, preds, probs, numClasses: K, correctness, recipes }, { subsets: 30, seed: 4 });
  const fast = run();
  let slow;
  try {
    setWasmEnabled(false);
    slow = run();
  } finally {
    setWasmEnabled(true);
  }
  assert.deepEqual(fast, slow);
  assert.ok(fast[0].points.some((p) => p.meanProbability !== null));
});

test('diversity curves: growing ensembles and complements of prefixes equal every subset computed from scratch (same draws)', () => {
  const rng = mulberry32(31);
  const M = 40,
    N = 157,
    K = 4;
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const hard = Float64Array.from({ length: N }, () => rng());
  const preds = Array.from({ length: M }, () => Int32Array.from(labels, (y, x) => (rng() < 0.5 * hard[x] ? Math.floor(rng() * K) : y)));
  const probs = randomProbabilities(preds, N, K, rng);
  const correctness = correctnessMatrix(labels, preds);
  for (const R of [25, 60]) {
    const [all] = diversityCurves({ labels, preds, probs, numClasses: K, correctness }, { subsets: R, seed: 8 });
    assert.ok(
      all.points.some((p) => !p.exhaustive && p.k > M / 2),
      'some sizes come from complements',
    );
    assertNear(all.points, allPoolStraightforward(labels, preds, probs, K, R, 8), 1e-12);
  }
  // same-recipe pool: uneven seed counts (8, 8, 6, 5, 13) so the candidate recipes change with k
  const recipes = preds.map((_, m) => `r${m < 8 ? 0 : m < 16 ? 1 : m < 22 ? 2 : m < 27 ? 3 : 4}`);
  for (const R of [12, 40]) {
    const curves = diversityCurves({ labels, preds, probs, numClasses: K, correctness, recipes }, { subsets: R, seed: 9 });
    const same = curves.find((c) => c.pool === 'same-recipe');
    assert.ok(same && same.points.some((p) => p.exhaustive) && same.points.some((p) => !p.exhaustive));
    assertNear(same.points, sameRecipePoolStraightforward(labels, preds, probs, K, R, 9, recipes), 1e-12);
  }
});

test('pairRegressions (matrices sharing the refits) equals one pairRegression per matrix; a matrix with other pairs defined is fitted on its own', () => {
  const d = suite(6, 3, 2, 3, 200);
  // a second similarity on the same pairs, and a third with one more undefined pair
  const other = d.ec.matrix.map((row, i) => row.map((v, j) => (v === null ? null : v * 0.7 + 0.01 * ((i * 7 + j * 3) % 5))));
  const holed = other.map((row) => row.slice());
  holed[0][2] = holed[2][0] = null;
  const o = { resamples: 40, permutations: 15, seed: 2 };
  const joint = pairRegressions([d.ec.matrix, other, holed], d.acc, d.factors, o);
  assert.deepEqual(joint, [
    pairRegression(d.ec.matrix, d.acc, d.factors, o),
    pairRegression(other, d.acc, d.factors, o),
    pairRegression(holed, d.acc, d.factors, o),
  ]);
  assert.equal(joint[2].excludedPairs, joint[0].excludedPairs + 1);
  assert.ok(joint[1].terms.some((t) => t.p !== null && t.ci !== null));
});

test('weighted row sums (the Gram of the dyadic bootstrap): the WebAssembly kernel equals the JavaScript loop bit for bit and the sum of w·row', () => {
  const rng = mulberry32(11);
  for (const [n, width] of [
    [1, 1],
    [7, 3],
    [50, 28],
    [300, 49],
  ] as const) {
    const z = Float64Array.from({ length: n * width }, () => rng() * 2 - 1);
    const w = Float64Array.from({ length: n }, () => Math.floor(rng() * 4));
    const rows = Int32Array.from({ length: n }, (_, r) => r).filter((r) => w[r] > 0);
    const sums: Float64Array[] = [];
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      try {
        const s = rowSummer(z, n, width);
        s.w.set(w);
        s.rows.set(rows);
        const out = Float64Array.from(s.sum(rows.length));
        assert.equal(out.length, width);
        // a second call starts from zero
        assert.deepEqual(Float64Array.from(s.sum(rows.length)), out);
        sums.push(out);
      } finally {
        setWasmEnabled(true);
      }
    }
    assert.deepEqual(sums[0], sums[1], `n ${n} width ${width}`);
    for (let c = 0; c < width; c++) {
      let ref = 0;
      for (let r = 0; r < n; r++) ref += w[r] * z[r * width + c];
      assert.ok(Math.abs(sums[0][c] - ref) <= 1e-12 * (1 + Math.abs(ref)), `column ${c}`);
    }
  }
});

test('the WebAssembly voter: counts, running majority (ties → lowest index) and complement counts equal the JavaScript rules', () => {
  const rng = mulberry32(41);
  for (const [M, N, K] of [
    [1, 5, 1],
    [6, 97, 2],
    [13, 211, 7],
  ] as const) {
    const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
    const preds = Array.from({ length: M }, () => Int32Array.from({ length: N }, () => Math.floor(rng() * K)));
    const voter = wasmVoter(preds, labels, K);
    assert.ok(voter, 'WebAssembly is available here');
    const votes = new Uint16Array(N * K);
    const best = new Uint16Array(N);
    const order = Array.from({ length: M }, (_, m) => m).sort(() => rng() - 0.5);
    for (const m of order) {
      voter.add(m);
      for (let x = 0; x < N; x++) {
        votes[x * K + preds[m][x]]++;
        let b = 0;
        for (let k = 1; k < K; k++) if (votes[x * K + k] > votes[x * K + b]) b = k;
        best[x] = b;
      }
      assert.deepEqual(voter.votes, votes);
      assert.deepEqual(voter.best, best);
    }
    voter.keepTotal();
    const total = Uint16Array.from(votes);
    voter.votes.fill(0);
    voter.best.fill(0);
    votes.fill(0);
    for (const m of order.slice(0, Math.floor(M / 2))) {
      voter.add(m);
      for (let x = 0; x < N; x++) votes[x * K + preds[m][x]]++;
    }
    let majority = 0,
      allFail = 0;
    for (let x = 0; x < N; x++) {
      let b = 0;
      for (let k = 1; k < K; k++) if (total[x * K + k] - votes[x * K + k] > total[x * K + b] - votes[x * K + b]) b = k;
      if (b === labels[x]) majority++;
      if (total[x * K + labels[x]] === votes[x * K + labels[x]]) allFail++;
    }
    assert.deepEqual(voter.complement(), { majority, allFail });
  }
});

test('pair weights of the dyadic bootstrap (pairSummer.weigh): the WebAssembly kernel and the JavaScript loop give w = mult_a·mult_b, the rows with w ≠ 0 and Σ w', () => {
  const rng = mulberry32(13);
  for (const M of [2, 5, 30]) {
    const a: number[] = [],
      b: number[] = [];
    for (let i = 0; i < M; i++)
      for (let j = i + 1; j < M; j++) {
        if (rng() >= 0.8) continue;
        a.push(i);
        b.push(j);
      }
    const n = a.length;
    const z = Float64Array.from({ length: n * 3 }, () => rng());
    const mult = Int32Array.from({ length: M }, () => Math.floor(rng() * 3));
    const w = Float64Array.from({ length: n }, (_, r) => mult[a[r]] * mult[b[r]]);
    const rows = Int32Array.from({ length: n }, (_, r) => r).filter((r) => w[r] !== 0);
    const total = w.reduce((s, v) => s + v, 0);
    const results: Float64Array[] = [];
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      try {
        const s = pairSummer(z, n, 3, Int32Array.from(a), Int32Array.from(b), M);
        s.mult.set(mult);
        assert.deepEqual(s.weigh(), { count: rows.length, total });
        assert.deepEqual(Float64Array.from(s.w), w);
        assert.deepEqual(Int32Array.from(s.rows.subarray(0, rows.length)), rows);
        results.push(Float64Array.from(s.sum(rows.length)));
      } finally {
        setWasmEnabled(true);
      }
    }
    assert.deepEqual(results[0], results[1], `M ${M}`);
  }
});
