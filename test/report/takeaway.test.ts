import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RegressionTerm } from '../../src/analysis/index.js';
import { MIN_SHARED_PAIRS, strongestTerm } from '../../src/report/sections/takeaway.js';
import { matrixShape } from '../../src/report/matrix-shape.js';
import type { Suite } from '../../src/spec/types.js';

const term = (factor: string, estimate: number | null, sharedPairs: number, identifiable = true): RegressionTerm => ({
  factor,
  keys: [factor],
  estimate,
  identifiable,
  sharedPairs,
  ci: null,
  p: null,
  permutations: 0,
  undefinedPermutations: 0,
  permutedWithin: [],
});

test('the takeaway names the strongest factor among those enough pairs share', () => {
  const lonePair = term('model', 0.26, 1);
  const architecture = term('architecture', 0.08, 48);
  const optimizer = term('optimizer', -0.11, 30);
  assert.equal(strongestTerm([lonePair, architecture, optimizer])?.factor, 'optimizer', 'largest |β| with ≥ MIN_SHARED_PAIRS pairs');
  assert.equal(strongestTerm([lonePair, term('seed', 0.5, 2)])?.factor, 'seed', 'no supported term: the largest overall');
  assert.equal(strongestTerm([term('x', 0.9, 50, false), term('y', null, 50), architecture])?.factor, 'architecture', 'unidentifiable terms never named');
  assert.equal(strongestTerm([]), undefined);
  assert.ok(MIN_SHARED_PAIRS >= 2);
});

test('the protocol line counts every model family and recipe axis the suite declares', () => {
  const spec = (type: string) => ({ type, id: type, params: {} });
  const base = {
    name: 's',
    datasets: [spec('fashion-mnist')],
    architectures: [spec('linear'), spec('mlp'), spec('cnn')],
    optimizers: [spec('sgd'), spec('adam'), spec('rmsprop')],
    seeds: [1, 2],
    file: '/s.yaml',
  };
  const suite = (extra: object) => ({ ...base, models: [], protocol: {}, ...extra }) as unknown as Suite;
  assert.equal(
    matrixShape(suite({ models: [spec('random-forest'), spec('hist-boosting')], exclude: [{ model: 'boosting', seed: 2 }] })),
    '1 dataset × (3 architectures × 3 optimizers + 2 models) × 2 seeds, filtered',
  );
  assert.equal(
    matrixShape(suite({ recipes: { schedules: [spec('constant'), spec('cosine')], augmentation: [spec('none')] } })),
    '1 dataset × 3 architectures × 3 optimizers × 2 schedules × 1 augmentation × 2 seeds',
  );
  assert.equal(matrixShape(suite({ architectures: [], optimizers: [], models: [spec('knn')] })), '1 dataset × 1 model × 2 seeds');
});
