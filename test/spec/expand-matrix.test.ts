import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellId, expandMatrix } from '../../src/spec/expand-matrix.js';
import { incompatibleCells } from '../../src/spec/compatibility.js';
import { parseSuite } from '../../src/spec/load-suite.js';

const suite = (extra = '') =>
  parseSuite(
    `name: m
datasets: [{ type: blobs }, { type: moons }]
architectures: [{ type: linear }, { type: mlp, id: mlp-wide, params: { hidden: [64] } }]
optimizers: [{ type: sgd }, { type: adam }]
seeds: [1, 2]
protocol: { folds: 2, epochs: 1, batchSize: 8 }
${extra}`,
    '/s/m.yaml',
    'm.yaml',
  );

test('expands datasets × architectures × optimizers × seeds with stable ids', () => {
  const cells = expandMatrix(suite());
  assert.equal(cells.length, 16);
  assert.equal(cells[0].id, 'blobs.linear.sgd.s1');
  assert.equal(cells[15].id, 'moons.mlp-wide.adam.s2');
  assert.equal(new Set(cells.map((c) => c.id)).size, 16);
  assert.equal(cells[0].suiteDir, '/s');
  assert.equal(cellId('a', 'b', 'c', 3), 'a.b.c.s3');
});

const filters: Array<[string, string, number]> = [
  ['include one optimizer', 'include: [{ optimizer: adam }]', 8],
  ['include two entries (union)', 'include: [{ optimizer: adam }, { dataset: blobs, seed: 1 }]', 10],
  ['exclude one pair', 'exclude: [{ dataset: moons, architecture: linear }]', 12],
  ['include then exclude', 'include: [{ dataset: blobs }]\nexclude: [{ seed: 2 }]', 4],
];
for (const [name, extra, n] of filters) {
  test(`filters: ${name}`, () => assert.equal(expandMatrix(suite(extra)).length, n));
}

test('an architecture that needs images is incompatible with tabular data', () => {
  const s = parseSuite(
    `name: m
datasets: [{ type: blobs }]
architectures: [{ type: cnn }]
optimizers: [{ type: sgd }]
seeds: [1]
protocol: { folds: 2, epochs: 1, batchSize: 8 }
`,
    '/s/m.yaml',
    'm.yaml',
  );
  const problems = incompatibleCells(expandMatrix(s));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /Architecture 'cnn' needs image data but dataset 'blobs' is tabular/);
});
