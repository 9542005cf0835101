import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatmapChart, kappaColor, HEATMAP_VALUES_UP_TO } from '../../src/report/charts/heatmap.js';
import { fixed, pct, pp, signed } from '../../src/report/format.js';

const factors = (n: number) => Array.from({ length: n }, (_, i) => ({ architecture: `arch-${i % 3}`, optimizer: 'adam', seed: String(i) }));
const matrix = (n: number, v: (i: number, j: number) => number | null) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : v(i, j))));

test('numbers never print as a negative zero', () => {
  assert.equal(fixed(-0.0004, 2), '0.00');
  assert.equal(fixed(-0.004, 2), '0.00');
  assert.equal(fixed(-0.006, 2), '-0.01');
  assert.equal(pct(-0.00001), '0.00%');
  assert.equal(pp(-0.00001), '0.00');
  assert.equal(signed(-0.001), '0.00');
  assert.equal(signed(0.051), '+0.05');
  assert.equal(signed(-0.051), '\u22120.05');
});

test('heatmap: diverging colours, a tooltip on every cell, values up to 24 models, no −0.00', () => {
  assert.notEqual(kappaColor(-0.4), kappaColor(0));
  assert.notEqual(kappaColor(0.4), kappaColor(0));
  assert.notEqual(kappaColor(-0.4), kappaColor(0.4));
  const n = 6;
  const c = heatmapChart({
    id: 'h',
    ids: factors(n).map((_, i) => `m${i}`),
    factors: factors(n),
    matrix: matrix(n, (i, j) => (i + j === 3 ? null : (i + j) % 2 ? -0.001 : -0.3)),
    order: 'factors',
    title: 'T',
    measure: 'κ',
    accuracy: factors(n).map((_, i) => 0.5 + i / 100),
  });
  const svg = c.svg ?? '';
  assert.equal((svg.match(/<g class="cell"><title>/g) ?? []).length, n * n);
  assert.match(svg, /<title>1\. arch-0 \/ adam \/ s0 × 4\. arch-1 \/ adam \/ s4: κ = -0\.300; accuracies 50\.0% and 54\.0%<\/title>/);
  assert.match(svg, /κ undefined/);
  assert.doesNotMatch(svg, /-0\.00(?!\d)/);
  assert.equal((svg.match(/class="cell-value"/g) ?? []).length, n * n - 4, 'no value printed in the 4 undefined cells');
  assert.equal(
    (svg.match(/<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*" stroke="#1d2330"/g) ?? []).length,
    4,
    'two architecture boundaries, a row and a column line each',
  );
  assert.equal(kappaColor(-0.3), /fill="(#[0-9a-f]{6})"/.exec(svg.slice(svg.indexOf('-0.300')))![1]);
});

test('heatmap: above 24 models no cell values, still every tooltip, labels fit their cells', () => {
  const n = HEATMAP_VALUES_UP_TO + 6;
  const c = heatmapChart({
    id: 'h2',
    ids: factors(n).map((_, i) => `m${i}`),
    factors: factors(n),
    matrix: matrix(n, () => 0.2),
    order: 'clustered',
    title: 'T',
    measure: 'κ',
  });
  const svg = c.svg ?? '';
  assert.doesNotMatch(svg, /class="cell-value"/);
  assert.equal((svg.match(/<g class="cell"><title>/g) ?? []).length, n * n);
  const cell = Number(/<rect x="[^"]*" y="[^"]*" width="([\d.]+)"/.exec(svg.slice(svg.indexOf('class="cell"')))![1]);
  for (const m of svg.matchAll(/class="row-label"[^>]*font-size="([\d.]+)"/g)) assert.ok(Number(m[1]) < cell, 'row labels are smaller than a row');
});

test('heatmap: non-network families are labelled by their model, never "? / ?"', () => {
  const fs: Record<string, string>[] = [
    { family: 'network', architecture: 'cnn', optimizer: 'adam', seed: '1' },
    { family: 'forest', model: 'forest', seed: '1' },
    { family: 'boosting', model: 'boosting', seed: '1' },
  ];
  const c = heatmapChart({
    id: 'h3',
    ids: ['d.cnn.adam.s1', 'd.forest.s1', 'd.boosting.s1'],
    factors: fs,
    matrix: matrix(3, () => 0.5),
    order: 'factors',
    title: 'T',
    measure: 'κ',
  });
  const svg = c.svg ?? '';
  assert.doesNotMatch(svg, /\? \/ \?/);
  assert.match(svg, /forest \/ s1/);
  assert.match(svg, /cnn \/ adam \/ s1/);
});
