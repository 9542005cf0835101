// The ETA weighted by each cell's cost, on synthetic sequences of cell timings (a fake clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatedCellCost, Tracker, type CostCell } from '../../src/harness/eta.js';
import type { Cell } from '../../src/spec/types.js';

function run(cells: CostCell[], jobs = 1) {
  let now = 0;
  const t = new Tracker(() => now);
  t.start({ runDir: '/x', suite: 's', total: cells.length, toRun: cells.length, skipped: 0, jobs, cells });
  const cell = (id: string, ms: number) => {
    t.begin(id);
    now += ms;
    t.finish(id, ms);
  };
  return {
    t,
    cell,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
const c = (dataset: string, model: string, i: number, cost?: number): CostCell => ({
  id: `${dataset}.${model}.${i}`,
  group: `${dataset}/${model}`,
  dataset,
  model,
  cost,
});
const near = (a: number | null, b: number, tol = 0.02) => assert.ok(a !== null && Math.abs(a - b) <= tol * b, `${a} ≈ ${b}`);

test('ETA: a group measured before replaces every estimate for its cells', () => {
  const { t, cell } = run([c('A', 'linear', 1), c('A', 'linear', 2), c('A', 'linear', 3)]);
  cell('A.linear.1', 2000);
  near(t.eta(), 4000);
});

test('ETA: after the cheap cells, expensive unseen cells are weighted by their prior cost, not the cheap mean', () => {
  // The case: linear cells finish first; the CNN cells then dominate what is left.
  const cells = [...[1, 2, 3, 4].map((i) => c('F', 'linear', i, 1)), ...[1, 2, 3, 4].map((i) => c('F', 'cnn', i, 30))];
  const { t, cell } = run(cells, 2);
  for (const i of [1, 2, 3, 4]) cell(`F.linear.${i}`, 1000);
  // 4 CNN cells × 30 s of prior-scaled cost over 2 lanes; an unweighted mean would say 2 s.
  near(t.eta(), 60_000);
});

test('ETA: a model × dataset factor model carries what one model costs on a new dataset', () => {
  // linear: 1 s on A, 3 s on B (B is 3× bigger); mlp: 10 s on A ⇒ mlp on B ≈ 30 s.
  const cells = [c('A', 'linear', 1), c('B', 'linear', 1), c('A', 'mlp', 1), c('B', 'mlp', 1), c('B', 'mlp', 2)];
  const { t, cell } = run(cells);
  cell('A.linear.1', 1000);
  cell('B.linear.1', 3000);
  cell('A.mlp.1', 10_000);
  near(t.expected('B.mlp.1'), 30_000);
  near(t.eta(), 60_000);
});

test('ETA: a running cell of an unseen group extrapolates from its progress', () => {
  const cells = [c('A', 'linear', 1), c('A', 'cnn', 1), c('A', 'cnn', 2)];
  const { t, cell, advance } = run(cells);
  cell('A.linear.1', 1000);
  t.begin('A.cnn.1');
  advance(10_000);
  t.update('A.cnn.1', { type: 'progress', phase: 'train', fold: 0, folds: 2, epoch: 1, epochs: 2 } as never);
  // 25% done after 10 s ⇒ 40 s per cell: 30 s left of this one + 40 s of the queued one.
  near(t.eta(), 70_000);
});

test('estimatedCellCost grows with examples, epochs, folds and the architecture', () => {
  const protocol = { folds: 3, repeats: 1, epochs: 4 } as Cell['protocol'];
  const cell = (arch: string, params: Record<string, unknown>, n: number, epochs = 4) =>
    ({
      dataset: { type: 'blobs', id: 'b', params: { n } },
      architecture: { type: arch, id: arch, params },
      protocol: { ...protocol, epochs },
    }) as unknown as Cell;
  const base = estimatedCellCost(cell('linear', {}, 1000));
  assert.ok(estimatedCellCost(cell('linear', {}, 2000)) > base);
  assert.ok(estimatedCellCost(cell('linear', {}, 1000, 8)) > base);
  assert.ok(estimatedCellCost(cell('mlp', { hidden: [256, 256] }, 1000)) > estimatedCellCost(cell('mlp', { hidden: [16] }, 1000)));
  assert.ok(estimatedCellCost(cell('cnn', {}, 1000)) > estimatedCellCost(cell('mlp', {}, 1000)));
});
