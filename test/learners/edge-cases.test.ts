/** Seeded determinism, degenerate folds and invalid options of the learners. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBins, binOf, featureThresholds, fitBins } from '../../src/learners/binning.js';
import { GaussianNaiveBayes } from '../../src/learners/naive-bayes.js';
import { KNearestNeighbors } from '../../src/learners/knn.js';
import { HistBoosting, HIST_BOOSTING_DEFAULTS } from '../../src/learners/hist-boosting.js';
import { featuresPerNode, RandomForest, RANDOM_FOREST_DEFAULTS } from '../../src/learners/random-forest.js';
import { mulberry32 } from '../../src/spec/random.js';

function blobs(n: number, d: number, C: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % C;
    for (let f = 0; f < d; f++) x[i * d + f] = y[i] * (f % 2 ? 1 : -1) + 2 * (rng() - 0.5);
  }
  return { x, y };
}

function rowsSumToOne(p: Float32Array, C: number): void {
  for (let i = 0; i < p.length / C; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) {
      assert.ok(p[i * C + c] >= 0 && Number.isFinite(p[i * C + c]));
      s += p[i * C + c];
    }
    assert.ok(Math.abs(s - 1) < 1e-5, `row ${i} sums to ${s}`);
  }
}

test('binning: midpoints between few distinct values, numpy midpoint percentiles otherwise', () => {
  assert.deepEqual([...featureThresholds(Float64Array.of(3, 1, 2, 2, 1), 255)], [1.5, 2.5]);
  assert.deepEqual([...featureThresholds(Float64Array.of(7, 7, 7), 255)], []);
  // 5 distinct values into 2 bins: the median of 0..4 (numpy: percentile 50, midpoint = 2).
  assert.deepEqual([...featureThresholds(Float64Array.of(4, 0, 3, 1, 2), 2)], [2]);
  const t = Float64Array.of(1.5, 2.5);
  assert.deepEqual(
    [1, 1.5, 1.6, 2.5, 9, NaN].map((v) => binOf(t, v)),
    [0, 0, 1, 1, 2, 2],
  );
  const x = Float32Array.of(1, 10, 2, 20, 3, 30); // 3 rows × 2 features
  const bins = fitBins(x, 3, 2);
  assert.deepEqual([...bins.nBins], [3, 3]);
  assert.deepEqual([...applyBins(bins, x, 3).codes], [0, 1, 2, 0, 1, 2]);
  assert.throws(() => fitBins(x, 3, 2, 256), /maxBins must be an integer in \[2, 255\]/);
});

test('random forest: the same seed gives the same probabilities, another seed other trees', () => {
  const { x, y } = blobs(200, 6, 3, 1);
  const fit = (seed: number) => {
    const rf = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 15, seed });
    rf.fit(x, y, 200, 6, 3);
    return rf.predict(x, 200, true);
  };
  const a = fit(3);
  const b = fit(3);
  assert.deepEqual(a.probs, b.probs);
  assert.deepEqual(a.features, b.features);
  assert.equal(a.featureSize, 15 * 3);
  assert.notDeepEqual(fit(4).probs, a.probs);
  rowsSumToOne(a.probs, 3);
});

test('histogram boosting is deterministic and its loss falls', () => {
  const { x, y } = blobs(300, 4, 3, 2);
  const fit = () => {
    const h = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations: 20, maxLeaves: 8 });
    h.fit(x, y, 300, 4, 3);
    return h;
  };
  const a = fit();
  assert.deepEqual(a.predict(x, 300).probs, fit().predict(x, 300).probs);
  assert.ok(a.lossCurve[19] < a.lossCurve[0] * 0.7, `loss ${a.lossCurve[0]} → ${a.lossCurve[19]}`);
  const out = a.predict(x, 300, true);
  assert.equal(out.featureSize, 20 * 3);
  rowsSumToOne(out.probs, 3);
});

test('one class in a training fold: every learner predicts it with probability 1, other classes 0', async () => {
  const n = 30;
  const d = 3;
  const { x } = blobs(n, d, 1, 5);
  const y = new Int32Array(n).fill(2); // numClasses 4, only class 2 present
  const check = (p: Float32Array) => {
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 4; c++) assert.ok(Math.abs(p[i * 4 + c] - (c === 2 ? 1 : 0)) < 1e-6, `row ${i} class ${c}: ${p[i * 4 + c]}`);
  };
  const rf = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 5, seed: 1 });
  rf.fit(x, y, n, d, 4);
  check(rf.predict(x, n).probs);
  const nb = new GaussianNaiveBayes({ varSmoothing: 1e-9 });
  nb.fit(x, y, n, d, 4);
  check(nb.predict(x, n).probs);
  const nbFeat = nb.predict(x, n, true).features!;
  assert.ok(nbFeat.every((v) => Number.isFinite(v)));
  const knn = new KNearestNeighbors({ k: 3, weights: 'distance' });
  await knn.fit(x, y, n, d, 4);
  check((await knn.predict(x, n)).probs);
  const hgb = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations: 30 });
  hgb.fit(x, y, n, d, 4);
  const ph = hgb.predict(x, n).probs;
  for (let i = 0; i < n; i++) assert.ok(ph[i * 4 + 2] > 0.999, `boosting row ${i}: ${ph[i * 4 + 2]}`);
  // Two classes declared, one present (the binomial path).
  const hb = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations: 10 });
  hb.fit(x, new Int32Array(n), n, d, 2);
  assert.ok(hb.predict(x, n).probs[0] > 0.999);
});

test('constant features: no split on them, no NaN (NB widens their variance by var_smoothing)', async () => {
  const n = 40;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 2] = 5; // constant
    x[i * 2 + 1] = i < n / 2 ? 0 : 1;
    y[i] = i < n / 2 ? 0 : 1;
  }
  const rf = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 3, maxFeatures: 'all', seed: 0 });
  rf.fit(x, y, n, 2, 2);
  for (const t of rf.trees) for (let j = 0; j < t.nodeCount; j++) assert.notEqual(t.feature[j], 0, 'split on the constant feature');
  const nb = new GaussianNaiveBayes({ varSmoothing: 1e-9 });
  nb.fit(x, y, n, 2, 2);
  const p = nb.predict(x, n).probs;
  assert.ok(p.every((v) => Number.isFinite(v)));
  assert.ok(p[0] > 0.99 && p[(n - 1) * 2 + 1] > 0.99);
  // All features constant: boosting stays at the class priors, the forest at the class shares.
  const xc = new Float32Array(n * 2).fill(1);
  const h = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations: 5 });
  h.fit(xc, y, n, 2, 2);
  assert.ok(Math.abs(h.predict(xc.subarray(0, 2), 1).probs[0] - 0.5) < 1e-9);
  const rc = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 2, bootstrap: false, seed: 0 });
  rc.fit(xc, y, n, 2, 2);
  assert.deepEqual([...rc.predict(xc.subarray(0, 2), 1).probs], [0.5, 0.5]);
});

test('kNN: k larger than the training set uses every row; distance ties go to the lower row index', async () => {
  const x = Float32Array.of(0, 1, 2, 10);
  const y = Int32Array.of(0, 0, 1, 1);
  const knn = new KNearestNeighbors({ k: 50, weights: 'uniform' });
  await knn.fit(x, y, 4, 1, 2);
  assert.deepEqual([...(await knn.predict(Float32Array.of(3), 1)).probs], [0.5, 0.5]);
  // Query 1.5: rows 1 (d 0.5) and 2 (d 0.5) tie; k=1 takes row 1 (class 0).
  const k1 = new KNearestNeighbors({ k: 1, weights: 'uniform' });
  await k1.fit(x, y, 4, 1, 2);
  assert.deepEqual([...(await k1.predict(Float32Array.of(1.5), 1)).probs], [1, 0]);
  // Distance weights with an exact match: only the zero-distance neighbours count.
  const kd = new KNearestNeighbors({ k: 3, weights: 'distance' });
  await kd.fit(x, y, 4, 1, 2);
  assert.deepEqual([...(await kd.predict(Float32Array.of(2), 1)).probs], [0, 1]);
  const rep = await kd.predict(Float32Array.of(2), 1, true);
  assert.deepEqual([...rep.features!], [1, 0]); // nearest class-0 row at distance 1, class-1 at 0
});

test('invalid options and inputs are named', async () => {
  assert.throws(() => new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 0, seed: 0 }), /trees must be a positive integer/);
  assert.throws(() => new RandomForest({ ...RANDOM_FOREST_DEFAULTS, minSamplesLeaf: 0, seed: 0 }), /minSamplesLeaf/);
  assert.throws(() => featuresPerNode(1.5, 10), /fraction must be in \(0, 1\]/);
  assert.deepEqual([featuresPerNode('sqrt', 784), featuresPerNode('log2', 784), featuresPerNode(0.5, 9), featuresPerNode('all', 7)], [28, 9, 4, 7]);
  assert.throws(() => new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, maxLeaves: 1 }), /maxLeaves must be an integer ≥ 2/);
  assert.throws(() => new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, maxLeaves: null, maxDepth: null }), /cannot both be null/);
  assert.throws(() => new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, learningRate: 0 }), /learningRate must be > 0/);
  assert.throws(() => new KNearestNeighbors({ k: 0, weights: 'uniform' }), /k must be a positive integer/);
  assert.throws(() => new GaussianNaiveBayes({ varSmoothing: -1 }), /varSmoothing/);
  const nb = new GaussianNaiveBayes({ varSmoothing: 1e-9 });
  assert.throws(() => nb.fit(new Float32Array(5), new Int32Array(2), 2, 3, 2), /x holds 5 values, expected n·d = 2·3 = 6/);
  assert.throws(() => nb.fit(new Float32Array(6), Int32Array.of(0, 3), 2, 3, 2), /label 3 of row 1 is outside 0..1/);
  assert.throws(() => nb.predict(new Float32Array(3), 1), /before fit/);
  const rf = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees: 1, seed: 0 });
  rf.fit(new Float32Array(6), Int32Array.of(0, 1), 2, 3, 2);
  assert.throws(() => rf.predict(new Float32Array(4), 1), /x holds 4 values, expected n·d = 1·3 = 3/);
});
