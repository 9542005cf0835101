import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePredictions } from '../../src/analysis/headline.js';
import { validatePredictionsInput } from '../../src/analysis/predictions-input.js';
import { PredictionsError } from '../../src/errors.js';
import { assertJsonSafe, close, randomPredictions } from './helpers.js';

function input(withExtras: boolean) {
  const { labels, preds } = randomPredictions(4, 120, 3, 21);
  const models: Record<string, unknown> = {};
  preds.forEach((p, m) => {
    const entry: Record<string, unknown> = { pred: Array.from(p) };
    if (withExtras) {
      entry.prob = Array.from(p, (k) => [0, 1, 2].map((j) => (j === k ? 0.8 : 0.1)));
      entry.features = Array.from({ length: 120 }, (_, x) => [x % 5, (x * (m + 1)) % 7, p[x]]);
      entry.factors = { architecture: m < 2 ? 'mlp' : 'cnn', optimizer: 'adam', seed: m % 2 };
    }
    models[`m${m}`] = entry;
  });
  return { labels: Array.from(labels), numClasses: 3, ...(withExtras ? { folds: Array.from({ length: 120 }, (_, x) => x % 4) } : {}), models };
}

test('analyzePredictions returns the documented keys, JSON-safe, for labels only', () => {
  const r = analyzePredictions(validatePredictionsInput(input(false)), { bootstrap: 50, seed: 3 });
  for (const k of ['models', 'accuracy', 'errorConsistency', 'systemicFailure', 'capa', 'oracleAccuracy', 'diversity', 'bootstrap', 'calibration']) assert.ok(k in r, k);
  assert.equal(r.cka, undefined);
  assert.equal(r.capa.kind, 'discrete');
  for (const k of ['matrix', 'mean', 'kappaMax']) assert.ok(k in r.errorConsistency);
  for (const k of ['observed', 'independent', 'h', 'log2h', 'nsf', 'histogram', 'expectedHistogram']) assert.ok(k in r.systemicFailure);
  assertJsonSafe(JSON.parse(JSON.stringify(r)));
  assertJsonSafe(r);
  // the bootstrap estimate equals the point estimate
  close(r.bootstrap?.errorConsistencyMean.estimate, r.errorConsistency.mean as number, 1e-12);
  close(r.bootstrap?.capaMean.estimate, r.capa.mean as number, 1e-12);
  close(r.bootstrap?.oracleAccuracy.estimate, r.oracleAccuracy, 1e-12);
  // same seed, same CI
  const again = analyzePredictions(validatePredictionsInput(input(false)), { bootstrap: 50, seed: 3 });
  assert.deepEqual(again.bootstrap, r.bootstrap);
});

test('analyzePredictions with probabilities, features, folds and factors', () => {
  const r = analyzePredictions(validatePredictionsInput(input(true)), { bootstrap: 20 });
  assert.equal(r.capa.kind, 'probabilistic');
  assert.ok(r.cka && r.cka.withinFolds && r.cka.mean !== null);
  assert.ok(r.attribution && r.attribution.errorConsistency.seed.pairs === 2);
  assert.ok(r.calibration.m0 && r.calibration.m0.ece >= 0);
  close(r.bootstrap?.capaMean.estimate, r.capa.mean as number, 1e-12);
  assertJsonSafe(r);
});

const bad: [string, (o: any) => void, RegExp][] = [
  ['ragged probabilities', (o) => (o.models.m1.prob[7] = [0.5, 0.5]), /models\["m1"\]\.prob\[7\].*ragged/],
  ['label out of range', (o) => (o.labels[3] = 3), /labels\[3\].*out of range/],
  ['prediction out of range', (o) => (o.models.m2.pred[9] = -1), /models\["m2"\]\.pred\[9\]/],
  ['probabilities not summing to 1', (o) => (o.models.m0.prob[4] = [0.5, 0.2, 0.2]), /models\["m0"\]\.prob\[4\]: sums to 0\.9/],
  ['mismatched lengths', (o) => o.models.m3.pred.pop(), /models\["m3"\]\.pred: has 119 entries, expected 120/],
  ['non-integer', (o) => (o.models.m0.pred[0] = 0.5), /pred\[0\].*not an integer/],
  ['no models', (o) => (o.models = {}), /models.*empty/],
  ['bad numClasses', (o) => (o.numClasses = 1), /numClasses/],
];
for (const [name, mutate, re] of bad) {
  test(`validatePredictionsInput rejects ${name}, naming model and index`, () => {
    const o = input(true);
    mutate(o);
    assert.throws(() => validatePredictionsInput(o), (e: unknown) => e instanceof PredictionsError && re.test(e.message));
  });
}
