/**
 * The new architectures (DenseNet, LSTM, GRU, 1-D CNN, token embeddings) train on wasm with the
 * same gradients as the cpu backend: one model's weights, one batch, the gradient of the loss for
 * every trainable weight on both backends (max abs error ~1e-5). Also wasm's replacement Tile
 * against the cpu kernel.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { architectures } from '../../src/registry/architectures/index.js';
import type { BuildContext } from '../../src/registry/types.js';
import { setupBackend } from '../../src/worker/backend.js';
import { tileInto } from '../../src/worker/kernels/tile.js';
import { maxErrorVsCpu, seeded } from './kernel-check.js';

before(async () => {
  await setupBackend('wasm');
});

describe('wasm Tile matches the cpu backend', () => {
  const cases: Array<[number[], number[]]> = [
    [
      [1, 1, 1, 5],
      [3, 4, 2, 1],
    ], // BatchNormalization's gradient: a channel vector over [n, h, w]
    [
      [2, 3],
      [2, 2],
    ],
    [[3], [4]],
    [
      [2, 1, 3],
      [1, 5, 1],
    ],
    [
      [2, 2, 2],
      [1, 1, 1],
    ],
    [
      [1, 2, 1, 2, 3],
      [2, 1, 3, 1, 2],
    ],
  ];
  for (const [shape, reps] of cases) {
    test(`Tile ${JSON.stringify(shape)} × ${JSON.stringify(reps)}`, async () => {
      const x = {
        values: seeded(
          shape.reduce((a, b) => a * b, 1),
          3,
        ),
        shape,
      };
      assert.equal(await maxErrorVsCpu('Tile', ['x'], [x], { reps }), 0);
    });
  }
  test('int32 and zero-size tiles', async () => {
    assert.equal(await maxErrorVsCpu('Tile', ['x'], [{ values: Int32Array.from([1, -2, 3]), shape: [3, 1], dtype: 'int32' }], { reps: [2, 3] }), 0);
    const out = new Float32Array(0);
    tileInto(new Float32Array(0), [0, 2], [3, 1], out);
    assert.equal(out.length, 0);
  });
});

interface ArchCase {
  type: string;
  params: Record<string, unknown>;
  shape: number[];
  kind: BuildContext['kind'];
  vocabSize?: number;
}

const CASES: ArchCase[] = [
  { type: 'densenet', params: { blocks: [2, 2], growthRate: 3, initialFilters: 4 }, shape: [8, 8, 1], kind: 'image' },
  { type: 'densenet', params: { blocks: [1, 2], growthRate: 2, bottleneck: true, compression: 0.5 }, shape: [6, 6, 2], kind: 'image' },
  { type: 'densenet', params: { blocks: [2], growthRate: 3, batchNorm: false }, shape: [5, 5, 1], kind: 'image' },
  { type: 'lstm', params: { units: [5, 4] }, shape: [6, 7, 1], kind: 'image' },
  { type: 'lstm', params: { units: [4], bidirectional: true, embeddingDim: 3 }, shape: [6], kind: 'sequence', vocabSize: 9 },
  { type: 'gru', params: { units: [6] }, shape: [5, 4, 2], kind: 'image' },
  { type: 'gru', params: { units: [3, 3], embeddingDim: 4 }, shape: [7], kind: 'sequence', vocabSize: 11 },
  { type: 'gru', params: { units: [4] }, shape: [6], kind: 'tabular' },
  { type: 'conv1d', params: { filters: 4, kernelSizes: [2, 3], layers: 2, dense: 5 }, shape: [8, 6, 1], kind: 'image' },
  { type: 'conv1d', params: { filters: 3, kernelSizes: [3], embeddingDim: 4 }, shape: [9], kind: 'sequence', vocabSize: 7 },
];

function build(c: ArchCase, seed: number): tf.LayersModel {
  const def = architectures[c.type];
  let s = seed;
  const ctx: BuildContext = { inputShape: c.shape, kind: c.kind, vocabSize: c.vocabSize, nextSeed: () => ++s };
  const input = tf.input({ shape: c.shape });
  const body = def.build(tf, input, def.params.parse(c.params), ctx);
  const out = tf.layers
    .dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 99 }) })
    .apply(body) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function batch(c: ArchCase, n: number): { x: Float32Array; y: Int32Array } {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const x = seeded(n * size, 11);
  if (c.kind === 'sequence') for (let i = 0; i < x.length; i++) x[i] = Math.floor(((x[i] + 1) / 2) * c.vocabSize!);
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % 3) };
}

/** Gradients of the batch's mean cross-entropy for every trainable weight, in training mode. */
async function gradients(backend: string, c: ArchCase, weights: Float32Array[] | undefined): Promise<{ grads: Float32Array[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = build(c, 5);
  if (weights) model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  const read = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  const n = 6;
  const { x, y } = batch(c, n);
  const xs = tf.tensor(x, [n, ...c.shape]);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 3);
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, tf.log(model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
  const out = await Promise.all(vars.map(async (v) => (await grads[v.name].data()) as Float32Array));
  tf.dispose([xs, ys, ...Object.values(grads)]);
  model.dispose();
  return { grads: out, weights: read };
}

describe('new architectures: wasm gradients match the cpu backend', () => {
  for (const c of CASES) {
    test(`${c.type} ${JSON.stringify(c.params)} on ${c.kind} ${JSON.stringify(c.shape)}`, async () => {
      const ref = await gradients('cpu', c, undefined);
      const got = await gradients('wasm', c, ref.weights);
      assert.equal(got.grads.length, ref.grads.length);
      let err = 0;
      let scale = 0;
      ref.grads.forEach((g, i) =>
        g.forEach((v, j) => {
          err = Math.max(err, Math.abs(v - got.grads[i][j]));
          scale = Math.max(scale, Math.abs(v));
        }),
      );
      assert.ok(scale > 1e-4, `gradients are all ~0 (${scale}): the check would be vacuous`);
      assert.ok(err <= 2e-5, `max abs error ${err} (largest gradient ${scale})`);
    });
  }
});
