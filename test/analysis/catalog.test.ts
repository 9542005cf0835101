/** The metric and index catalog: well-formed entries, and each consumer's view of it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_METRICS, FOLD_METRICS, PRIMARY_METRIC } from '../../src/analysis/catalog.js';
import { MATRIX_INDICES, TABLE_INDICES, WEIGHTED_INDICES } from '../../src/analysis/index-catalog.js';
import { indexValues } from '../../src/analysis/index-deltas.js';
import { weightedModels } from '../../src/analysis/weighted-headline.js';
import { analyzePredictions } from '../../src/analysis/headline.js';

const DIRECTIONS = ['higher-is-better', 'lower-is-better', 'neutral'];
const SCOPES = ['fold', 'pooled', 'pairwise'];
const STYLES = ['percent', 'points', 'number', 'rate'];

test('every entry has a unique kebab-case id, a label, a description, a direction, a scope and a format', () => {
  const all = [...CELL_METRICS, ...MATRIX_INDICES];
  for (const e of all) {
    assert.match(e.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, e.id);
    assert.ok(e.label.length > 0 && e.description.length > 20, e.id);
    assert.ok(DIRECTIONS.includes(e.direction), e.id);
    assert.ok(SCOPES.includes(e.scope), e.id);
    assert.ok(STYLES.includes(e.format.style) && Number.isInteger(e.format.digits), e.id);
  }
  assert.equal(new Set(CELL_METRICS.map((m) => m.id)).size, CELL_METRICS.length);
  assert.equal(new Set(MATRIX_INDICES.map((m) => m.id)).size, MATRIX_INDICES.length);
  assert.ok(
    MATRIX_INDICES.every((i) => i.fromAnalysis || i.weighted),
    'an index nobody can compute',
  );
  assert.equal(PRIMARY_METRIC.direction, 'higher-is-better');
  assert.deepEqual(
    FOLD_METRICS.map((m) => m.id),
    ['accuracy', 'gap'],
  );
});

// 3 models on 8 examples, 3 classes: model 2 nearly copies model 0, model 1 differs; example 7 fails for all.
const labels = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]);
const preds = [Int32Array.from([0, 1, 2, 0, 2, 1, 0, 2]), Int32Array.from([0, 1, 1, 2, 1, 2, 1, 0]), Int32Array.from([0, 1, 2, 1, 2, 1, 0, 2])];

test("the weighted indices at unit weights equal the analysis core's values", () => {
  const a = analyzePredictions(
    {
      ids: ['a', 'b', 'c'],
      labels,
      numClasses: 3,
      preds,
      probs: [undefined, undefined, undefined],
      features: [undefined, undefined, undefined],
      factors: [undefined, undefined, undefined],
    },
    { bootstrap: 0 },
  );
  const v = indexValues(weightedModels(labels, preds, 3), new Int32Array(8).fill(1));
  assert.deepEqual(
    Object.keys(v),
    WEIGHTED_INDICES.map((i) => i.id),
  );
  for (const i of WEIGHTED_INDICES) {
    const twin = TABLE_INDICES.find((t) => t.id === i.id);
    if (!twin) continue;
    const expected = twin.fromAnalysis!(a).value;
    if (expected === null) assert.equal(v[i.id], null, i.id);
    else assert.ok(Math.abs(v[i.id]! - expected) < 1e-12, `${i.id}: ${v[i.id]} vs ${expected}`);
  }
  // discrete CAPA at unit weights is the analysis's CAPA when no model has probabilities
  assert.equal(a.capa.kind, 'discrete');
  assert.ok(Math.abs(v['capa-discrete']! - a.capa.mean!) < 1e-12);
});
