// End to end: the four TypeScript families beside a network on a shipped tabular dataset, through
// the built CLI and real worker processes: every cell completes, every row gets one out-of-fold
// prediction, representations are written, and the family factor is recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllResults } from '../../src/store/run-dir.js';
import { readColumns } from '../../src/store/arrow-file.js';
import { cli, onlyRun, tempDir } from './helpers.js';

const SUITE = `name: families-e2e
datasets:
  - type: tabular
    params: { name: iris, standardize: true }
architectures: [{ type: linear }]
optimizers: [{ type: adam, params: { learningRate: 0.05 } }]
models:
  - { type: random-forest, id: forest, params: { trees: 20 } }
  - { type: hist-boosting, id: boosting, params: { iterations: 20 } }
  - { type: knn, id: knn, params: { k: 5, weights: distance } }
  - { type: naive-bayes, id: nb }
seeds: [1, 2]
protocol: { folds: 3, epochs: 20, batchSize: 16, timeout: 2m, probeSize: 16, throughput: { iterations: 3, time: 20, warmupIterations: 1 } }
`;

test('forest, boosting, kNN and naive Bayes cells run beside a network on iris', { timeout: 600_000 }, () => {
  const dir = tempDir('families');
  const suite = join(dir, 'families.yaml');
  writeFileSync(suite, SUITE);
  const out = join(dir, 'runs');
  const r = cli(['run', suite, '--backend', 'cpu', '--out', out, '--jobs', '2']);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const run = onlyRun(out, 'families-e2e');
  const results = readAllResults(run);
  assert.equal(results.length, 10);
  const families = new Set<string>();
  for (const res of results) {
    assert.equal(res.state, 'completed', res.cellId);
    if (res.state !== 'completed') continue;
    const family = (res as unknown as { factors?: Record<string, string> }).factors?.family;
    if (family) families.add(family);
    assert.ok(res.summary.heldOutAccuracy.mean > 0.85, `${res.cellId}: accuracy ${res.summary.heldOutAccuracy.mean}`);
    const cols = readColumns(join(run, 'cells', res.cellId, 'predictions.arrow')).columns;
    assert.deepEqual(
      [...cols.index].sort((x, y) => x - y),
      Array.from({ length: 150 }, (_, i) => i),
    );
    assert.ok(existsSync(join(run, 'cells', res.cellId, 'features.arrow')), `${res.cellId} wrote no representation`);
  }
  for (const f of ['forest', 'boosting', 'knn', 'naive-bayes']) assert.ok(families.has(f), `no ${f} cell among ${[...families].join(', ')}`);
  assert.ok(existsSync(join(run, 'index.html')));
});
