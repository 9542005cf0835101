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
  for (const k of [
    'models',
    'accuracy',
    'errorConsistency',
    'systemicFailure',
    'capa',
    'oracleAccuracy',
    'diversity',
    'bootstrap',
    'calibration',
    'vendi',
    'log2hFixedM',
    'curves',
    'twoLevel',
    'recipes',
  ])
    assert.ok(k in r, k);
  assert.deepEqual(r.twoLevel?.covers, ['examples'], 'no factors: every model its own recipe, so the seed level is undefined');
  assert.equal(r.twoLevel?.seedLevel.defined, false);
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
  assert.ok(r.attribution && r.attribution.errorConsistency.sameRecipeReference.pairs === 2);
  assert.deepEqual(r.attribution.errorConsistency.terms.map((t) => t.factor).sort(), ['architecture', 'optimizer', 'seed']);
  assert.ok(r.vendi.errorConsistency.value !== null && r.vendi.cka);
  assert.equal(r.log2hFixedM.m, 4);
  assert.deepEqual(
    r.curves.map((c) => c.pool),
    ['all', 'same-recipe', 'mixed'],
  );
  assert.deepEqual(r.twoLevel?.covers, ['seeds', 'examples']);
  assert.deepEqual(r.recipes, {
    m0: 'architecture=mlp, optimizer=adam',
    m1: 'architecture=mlp, optimizer=adam',
    m2: 'architecture=cnn, optimizer=adam',
    m3: 'architecture=cnn, optimizer=adam',
  });
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
    assert.throws(
      () => validatePredictionsInput(o),
      (e: unknown) => e instanceof PredictionsError && re.test(e.message),
    );
  });
}

test('predictions input is strict: an unknown key is an error with a "did you mean"', () => {
  const raw = input(false) as { models: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  raw.models.m0.probs = raw.models.m0.pred;
  assert.throws(
    () => validatePredictionsInput(raw, 'p.json'),
    (e: Error) => e instanceof PredictionsError && /models\["m0"\]: unknown key "probs" \(did you mean "prob"\?\)/.test(e.message),
  );
  const top = { ...input(false), numclasses: 3 };
  assert.throws(() => validatePredictionsInput(top, 'p.json'), /unknown key "numclasses" \(did you mean "numClasses"\?\)/);
  const far = { ...input(false), zzzzzzzz: 1 };
  assert.throws(
    () => validatePredictionsInput(far, 'p.json'),
    (e: Error) => /unknown key "zzzzzzzz"; allowed: labels/.test(e.message) && !/did you mean/.test(e.message),
  );
});

test('factors are an open record: family, recipe axes and streams become attribution terms; dataset is ignored', () => {
  const raw = input(false) as { models: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  Object.entries(raw.models).forEach(
    ([, m], i) =>
      (m.factors = { family: i < 2 ? 'network' : 'tree', schedule: i % 2 ? 'cosine' : 'step', seed: i, 'stream:init': `s${i % 2}`, dataset: 'blobs' }),
  );
  const v = validatePredictionsInput(raw);
  assert.deepEqual(v.factors[0], { family: 'network', schedule: 'step', seed: '0', 'stream:init': 's0', dataset: 'blobs' });
  const r = analyzePredictions(v, { bootstrap: 10 });
  const names = r.attribution?.errorConsistency.terms.map((t) => t.factor);
  assert.ok(names?.includes('family') && !names.some((n) => n.includes('dataset')), String(names));
  assert.ok(names?.some((n) => n.includes('stream:init')));
});
