// The report's view model: ranks and directions from the metric definitions, ties by the
// corrected resampled t-test, the Pareto front, failed cells, baselines, across-datasets ranks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankValues, type Direction } from '../../src/analysis/catalog.js';
import { verdictWithBest, differenceInterval } from '../../src/report/sections/ties.js';
import { paretoFront } from '../../src/report/charts/scatter.js';
import { clusterOrder } from '../../src/report/charts/cluster-order.js';
import { confusionMatrix } from '../../src/report/sections/cell-details.js';
import { platformOf } from '../../src/report/sections/leaderboard.js';
import { buildReport } from '../../src/report/view-model.js';
import { syntheticReportInput } from './synthetic-run.js';

test('rankValues follows the direction; ties share a rank; null is unranked', () => {
  const cases: Array<[Array<number | null>, Direction, Array<number | null>]> = [
    [[0.9, 0.8, 0.95], 'higher-is-better', [2, 3, 1]],
    [[0.9, 0.8, 0.95], 'lower-is-better', [2, 1, 3]],
    [[1, 1, 0.5], 'higher-is-better', [1, 1, 3]],
    [[null, 2, 1], 'lower-is-better', [null, 2, 1]],
    [[0.9, 0.8], 'neutral', [null, null]],
  ];
  for (const [values, direction, expected] of cases) assert.deepEqual(rankValues(values, direction), expected);
});

test('verdictWithBest: Bayesian correlated t-test on paired folds, reconciled with the example CI', () => {
  assert.equal(verdictWithBest([0.9, 0.91, 0.92], [0.9, 0.91, 0.92], 3, null).kind, 'equivalent');
  assert.equal(verdictWithBest([0.9, 0.91, 0.92], [0.5, 0.52, 0.49], 3, null).kind, 'worse');
  assert.equal(verdictWithBest([0.9, 0.91, 0.92], [0.89, 0.92, 0.9], 3, null).kind, 'undecided');
  assert.equal(verdictWithBest([0.9, 0.91, 0.92], [0.85, 0.93, 0.86], 3, differenceInterval(-0.05, -0.02, 200)).kind, 'worse-on-examples');
  assert.equal(verdictWithBest([0.9, 0.91], undefined, 2, null).kind, 'undecided');
});

test('paretoFront keeps the points nothing beats on both axes', () => {
  const pts = [
    { x: 1, y: 0.9 },
    { x: 10, y: 0.8 },
    { x: 5, y: 0.7 },
    { x: 10, y: 0.85 },
  ];
  assert.deepEqual(paretoFront(pts), [0, 3]);
});

test('clusterOrder puts similar models together', () => {
  const s = [
    [1, 0.1, 0.9, 0.1],
    [0.1, 1, 0.1, 0.8],
    [0.9, 0.1, 1, 0.1],
    [0.1, 0.8, 0.1, 1],
  ];
  const o = clusterOrder(s);
  assert.equal(Math.abs(o.indexOf(0) - o.indexOf(2)), 1);
  assert.equal(Math.abs(o.indexOf(1) - o.indexOf(3)), 1);
});

test('confusionMatrix counts rows by true class', () => {
  const c = confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], 2, ['a', 'b']);
  assert.deepEqual(
    c.rows.map((r) => r.cells.map((x) => x.count)),
    [
      [1, 1],
      [0, 2],
    ],
  );
  assert.equal(c.rows[1].cells[1].level, 9);
});

test('platformOf names the backend, or says that a family without TensorFlow.js has none', () => {
  type R = Parameters<typeof platformOf>[0];
  assert.equal(platformOf({ backend: { name: 'wasm' } } as unknown as R), 'wasm');
  assert.equal(platformOf({ backend: { name: 'tensorflow', device: 'NVIDIA H200' } } as unknown as R), 'tensorflow (NVIDIA H200)');
  assert.equal(platformOf({} as R), 'no TensorFlow.js backend');
});

test('leaderboard: ranked by accuracy, failed cells last with their state, baselines as rows, across datasets', () => {
  const input = syntheticReportInput({ datasets: 2, failed: 1, examples: 150 });
  const view = buildReport(
    {
      ...input,
      baselines: {
        names: ['b'],
        notes: [],
        datasets: [],
        rows: [
          { id: 'baseline b', datasetId: 'data-0', baseline: 'b', kind: 'run', label: 'mlp / adam / s1', provenance: 'run x', metrics: { accuracy: 0.99 } },
        ],
      },
    },
    { bootstrap: 10, cellCharts: 2 },
  );
  const rows = view.datasets[0].leaderboard.rows;
  const ranked = rows.filter((r) => r.rank !== null);
  const acc = ranked.map((r) => r.values[0].value as number);
  assert.deepEqual(
    acc,
    [...acc].sort((a, b) => b - a),
  );
  assert.equal(rows[rows.length - 1].state, 'errored');
  assert.equal(rows[rows.length - 1].badges[0].kind, 'errored');
  assert.ok(rows.some((r) => r.external && r.provenance === 'run x'));
  assert.ok(!rows[0].badges.some((b) => b.kind === 'tied'));
  assert.ok(rows.filter((r) => !r.external).some((r) => r.badges.some((b) => b.kind === 'best')));
  const cols = view.datasets[0].leaderboard.columns;
  assert.equal(cols.find((c) => c.id === 'gap')?.arrow, '', 'the gap is signed: no direction');
  const gapCol = cols.findIndex((c) => c.id === 'gap');
  assert.ok(
    rows.every((r) => !r.values[gapCol]?.best),
    'a signed gap is never bold',
  );
  assert.ok(
    rows.some((r) => r.values[cols.findIndex((c) => c.id === 'accuracy')]?.best),
    'accuracy has a best value',
  );
  assert.equal(cols.find((c) => c.id === 'accuracy')?.arrow, '↑');
  const hz = view.datasets[0].homogenization!;
  assert.ok(hz.indices.some((i) => i.id === 'error-consistency' && i.sameRecipe !== '—' && !i.sameRecipe.startsWith('—')));
  // the recipe board is the default view: one row per recipe, a verdict on every row but the best, a chance row last
  const board = view.datasets[0].recipeBoard!;
  assert.ok(board.rows.length >= 2);
  assert.equal(board.rows[0].badge?.kind, 'best');
  assert.ok(board.rows.slice(1, -1).every((r) => r.badge && r.badge.title.includes('P(worse)')));
  assert.ok(board.rows[board.rows.length - 1].chance);
  assert.ok(board.notes.some((n) => /What this protocol can detect/.test(n)));
  // the answer first: a computed sentence with the effective number of models and systemic failure
  const t = view.datasets[0].takeaway!;
  assert.match(t.sentence, /models behave like [0-9.]+/);
  assert.match(t.sentence, /fail every model vs/);
  if (/sharing /.test(t.sentence)) assert.match(t.sentence, /\(\d+ of \d+ pairs share it/, 'the attribution says how many pairs it rests on');
  assert.ok(hz.charts.some((c) => c.id.endsWith('curve-sfr')) && hz.charts.some((c) => c.id.endsWith('attribution')));
  assert.ok(hz.charts.length >= 4);
  assert.ok(view.across && view.across.table.rows.length > 1 && view.across.chart);
  assert.equal(view.datasets.flatMap((d) => d.details).filter((d) => d.lossChart).length, 2, 'chart budget respected');
});
