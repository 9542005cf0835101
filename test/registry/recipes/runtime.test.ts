import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { trainNetwork } from '../../../src/registry/models/network-train.js';
import { recipes } from '../../../src/registry/recipes/index.js';
import { RecipeRuntime, type RecipeParams } from '../../../src/registry/recipes/runtime.js';
import type { ComponentSpec } from '../../../src/spec/types.js';

const spec = (axis: keyof typeof recipes, type: string, params: Record<string, unknown> = {}): ComponentSpec => ({
  type,
  id: type,
  params: recipes[axis][type].params.parse(params) as Record<string, unknown>,
});

function model(lr: number): tf.LayersModel {
  const input = tf.input({ shape: [4] });
  const h = tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(h) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: out });
  m.compile({ optimizer: tf.train.sgd(lr), loss: 'categoricalCrossentropy' });
  return m;
}

function data(n: number) {
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (y[i] ? 1 : -1) * 0.5 + Math.sin(i * 7 + j) * 0.8;
  }
  return { x, y, n, indices: Int32Array.from({ length: n }, (_, i) => i) };
}

async function run(params: RecipeParams, epochs: number, lr = 0.5) {
  await tf.setBackend('cpu');
  const m = model(lr);
  const rt = new RecipeRuntime(tf, params, { shape: [4], numClasses: 2, epochs, splitSeed: 0, repeat: 0, fold: 0, augmentationSeed: () => 9 });
  const seen: number[] = [];
  const report = await trainNetwork(tf, m, data(120), {
    epochs,
    batchSize: 16,
    shape: [4],
    numClasses: 2,
    dataOrderSeed: 3,
    recipes: [
      {
        prepare: (t) => {
          const f = rt.prepare(t);
          seen.push(f.n);
          return f;
        },
        beforeBatch: (i, mm) => rt.beforeBatch(mm, i.epoch, i.batch, i.batches),
        transformBatch: (x, n) => rt.transformBatch(x, n),
        transformLabels: (y) => rt.transformLabels(y),
        afterBatch: (_i, mm) => rt.afterBatch(mm),
        afterEpoch: (i, mm) => rt.afterEpoch(mm, i.epoch),
        finish: (mm, e) => rt.finish(mm, e),
      },
    ],
  });
  return { m, rt, report, fitRows: seen[0] };
}

test('early stopping holds out an inner split, stops on a stalled metric and restores the best epoch', async () => {
  // lr 0 freezes the weights: the validation loss never improves after epoch 0.
  const { m, rt, report, fitRows } = await run({ earlyStopping: spec('earlyStopping', 'patience', { patience: 2, validationFraction: 0.25 }) }, 10, 0);
  assert.equal(fitRows, 90);
  assert.equal(rt.record.validationSize, 30);
  assert.equal(report.epochsRun, 3, 'epoch 0 is best; two more without improvement stop it');
  assert.equal(rt.record.stoppedEarly, true);
  assert.equal(rt.record.bestEpoch, 0);
  assert.equal(rt.record.validationLoss!.length, 3);
  m.dispose();
  const learns = await run({ earlyStopping: spec('earlyStopping', 'patience', { patience: 1 }) }, 4, 0.5);
  assert.ok(learns.rt.record.validationLoss![3] < learns.rt.record.validationLoss![0]);
  learns.m.dispose();
});

test('schedules set the optimizer rate per batch; plateau cuts it on the inner split', async () => {
  const { m, rt } = await run({ schedule: spec('schedules', 'step', { stepSize: 1, gamma: 0.5 }) }, 3, 0.4);
  assert.deepEqual(rt.record.learningRates, [0.4, 0.2, 0.1]);
  assert.equal(rt.record.validationSize, undefined, 'no inner split without a validation-based recipe');
  m.dispose();
  const frozen = await run({ schedule: spec('schedules', 'plateau', { patience: 0, factor: 0.5 }) }, 4, 0);
  assert.deepEqual(frozen.rt.record.rateCuts, [1, 2, 3]);
  frozen.m.dispose();
});

test('weight decay shrinks kernels by (1 − lr·λ) per step, not biases; label smoothing softens targets', async () => {
  await tf.setBackend('cpu');
  const m = model(0.1);
  const rt = new RecipeRuntime(
    tf,
    { regularization: spec('regularization', 'combined', { weightDecay: 0.05, labelSmoothing: 0.2 }) },
    { shape: [4], numClasses: 2, epochs: 1, splitSeed: 0, repeat: 0, fold: 0, augmentationSeed: () => 1 },
  );
  rt.beforeBatch(m, 0, 0, 1);
  const before = m.getWeights().map((w) => w.arraySync());
  rt.afterBatch(m);
  const after = m.getWeights().map((w) => w.arraySync());
  const k0 = (before[0] as number[][])[0][0];
  assert.ok(Math.abs((after[0] as number[][])[0][0] - k0 * (1 - 0.1 * 0.05)) < 1e-7);
  assert.deepEqual(after[1], before[1], 'biases are not decayed');
  assert.deepEqual(
    [...rt.transformLabels(Float32Array.from([1, 0]))].map((v) => +v.toFixed(6)),
    [0.9, 0.1],
  );
  m.dispose();
});

test('augmentation changes training batches only, reproducibly from the augmentation stream', async () => {
  const mk = () =>
    new RecipeRuntime(
      tf,
      { augmentation: spec('augmentation', 'noise', { std: 0.1 }) },
      { shape: [4], numClasses: 2, epochs: 1, splitSeed: 0, repeat: 0, fold: 0, augmentationSeed: () => 5 },
    );
  const a = mk().transformBatch(new Float32Array(8), 2);
  const b = mk().transformBatch(new Float32Array(8), 2);
  assert.deepEqual(a, b);
  assert.ok(a.some((v) => v !== 0));
  const none = new RecipeRuntime(
    tf,
    {},
    {
      shape: [4],
      numClasses: 2,
      epochs: 1,
      splitSeed: 0,
      repeat: 0,
      fold: 0,
      augmentationSeed: () => {
        throw new Error('no stream drawn without augmentation');
      },
    },
  );
  assert.deepEqual(none.transformBatch(new Float32Array(4), 1), new Float32Array(4));
});
