// The fold protocol (worker/train-fold.ts) with the real network family on the cpu backend:
// the linear model's representation is its logits, never its input (issue 11 item 5); a fold whose
// held-out probabilities are not finite is diverged although the training loss was finite (item 8);
// a family that returns the wrong shape or the raw input is an error naming the family.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { models } from '../../src/registry/models/index.js';
import type { ModelDefinition } from '../../src/registry/models/types.js';
import type { LoadedDataset, Tf } from '../../src/registry/types.js';
import { parseSuite } from '../../src/spec/load-suite.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';
import { learnerContext, type CellHooks } from '../../src/worker/run-cell.js';
import { trainFold } from '../../src/worker/train-fold.js';

const cell = expandMatrix(
  parseSuite(
    `name: t
datasets: [{ type: blobs }]
architectures: [{ type: linear }, { type: mlp, params: { hidden: [8] } }]
optimizers: [{ type: adam, params: { learningRate: 0.05 } }]
seeds: [1]
protocol: { folds: 2, epochs: 3, batchSize: 16, probeSize: 8 }
`,
    '/x/t.yaml',
    't.yaml',
  ),
);

function dataset(n = 60, d = 4): LoadedDataset {
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < d; j++) x[i * d + j] = (j === y[i] ? 2 : 0) + ((i * 7 + j * 13) % 10) / 10;
  }
  return { x, y, n, shape: [d], kind: 'tabular', numClasses: 3, hash: 'sha256:t', source: 'test' };
}

const hooks: CellHooks = { send: () => {}, acquireThroughputSlot: async () => 0, releaseThroughputSlot: () => {}, tf: async () => tf as unknown as Tf };
const assignment = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 2);

async function fold(c = cell[0], data = dataset(), def: ModelDefinition = models.network) {
  return trainFold({
    cell: c,
    data,
    def,
    assignment: assignment(data.n),
    repeat: 0,
    fold: 0,
    context: (probe) => learnerContext({ cell: c, cellDir: '/nonexistent', data, def, hooks, repeat: 0, fold: 0, probe }),
    onProgress: () => {},
  });
}

test('fold protocol', async (t) => {
  await tf.setBackend('cpu');

  await t.test('linear: the representation is the logits (K wide), not the input (d wide); mlp: its hidden layer', async () => {
    const lin = await fold(cell[0]);
    assert.equal(lin.kind, 'ok');
    if (lin.kind !== 'ok') return;
    assert.equal(lin.featureSize, 3);
    assert.equal(lin.probeFeatures?.length, lin.probe.length * 3);
    assert.equal(lin.result.epochsRun, 3);
    assert.equal(lin.result.lossCurve?.length, 3);
    await lin.learner.dispose();
    const mlp = await fold(cell[1]);
    assert.ok(mlp.kind === 'ok' && mlp.featureSize === 8);
    if (mlp.kind === 'ok') await mlp.learner.dispose();
  });

  await t.test("the network seeds Math.random for its fold and puts the process's own back after it", async () => {
    const own = Math.random;
    const r = await fold(cell[1]);
    assert.equal(Math.random, own);
    if (r.kind === 'ok') await r.learner.dispose();
  });

  await t.test('non-finite held-out probabilities make the fold diverged although the training loss was finite', async () => {
    const data = dataset();
    // Fold 0's held-out rows are the even ones: one of them is near float32's maximum, so the
    // hidden layer's sums overflow to ±Infinity and the logits become NaN.
    data.x.set([3.4e38, -3.4e38, 3.4e38, -3.4e38], 2 * 4);
    const out = await fold(cell[1], data);
    assert.equal(out.kind, 'diverged');
    if (out.kind === 'diverged') {
      assert.match(out.reason, /^held-out probabilities are not finite \(example 2: \[NaN/);
      assert.equal(out.epoch, 2);
      assert.ok(out.loss !== null && Number.isFinite(out.loss), 'the training loss was finite');
    }
  });

  const broken = (probs: (n: number) => Float32Array, features?: (x: Float32Array) => Float32Array): ModelDefinition => ({
    ...models.network,
    type: 'broken',
    family: 'broken',
    usesTf: false,
    streams: [],
    create: () => ({
      fit: async () => ({}),
      predict: async (x, n, o) => (o.features && features ? { probs: probs(n), features: features(x), featureSize: 4 } : { probs: probs(n) }),
      dispose: () => {},
    }),
  });

  await t.test('a family returning the wrong number of probabilities is an error naming it', async () => {
    await assert.rejects(
      fold(
        cell[0],
        dataset(),
        broken((n) => new Float32Array(n * 2).fill(0.5)),
      ),
      /model family 'broken' returned 60 probabilities for the training-subset rows, expected 30 × 3 = 90/,
    );
  });

  await t.test('a family returning the raw input as its representation is an error', async () => {
    await assert.rejects(
      fold(
        cell[0],
        dataset(),
        broken(
          (n) => new Float32Array(n * 3).fill(1 / 3),
          (x) => x.slice(),
        ),
      ),
      /model family 'broken' returned the raw input as its representation/,
    );
  });
});
