import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { architectures } from '../../../src/registry/architectures/index.js';
import { applyBody, backboneKey, ensureBackbone, readBody, readModelFile } from '../../../src/registry/recipes/backbone-store.js';

function net(seed: number, classes: number): tf.LayersModel {
  const def = architectures.cnn;
  let s = seed;
  const input = tf.input({ shape: [6, 6, 1] });
  const body = def.build(tf, input, def.params.parse({ filters: [3], dense: 4, batchNorm: true }), {
    inputShape: [6, 6, 1],
    kind: 'image',
    nextSeed: () => s++,
  });
  const logits = tf.layers
    .dense({ units: classes, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: s }) })
    .apply(body) as tf.SymbolicTensor;
  const probs = tf.layers.activation({ activation: 'softmax', name: 'head' }).apply(logits) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probs });
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-backbone-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a body moves to a network with another head; frozen layers leave only the head trainable', async () => {
  await tf.setBackend('cpu');
  const a = net(1, 5);
  const b = net(100, 3);
  const w = await readBody(a);
  assert.equal(w.shapes.length, 7); // conv kernel (no bias with BN), BN γ β mean var, dense kernel + bias
  const set = applyBody(tf, b, w, { freeze: true, source: 'test' });
  assert.equal(set, w.shapes.length);
  const again = await readBody(b);
  assert.deepEqual(again.values, w.values);
  assert.deepEqual(
    b.trainableWeights.map((v) => v.originalName.split('/')[0]),
    ['logits', 'logits'],
  );
  // a frozen body stays fixed through training: BatchNorm's moving statistics included (tfjs would
  // update them in training mode even when the layer is not trainable)
  b.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  const xs = tf.randomNormal([8, 6, 6, 1], 3, 2, 'float32', 5);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3).toFloat();
  for (let i = 0; i < 3; i++) await b.trainOnBatch(xs, ys);
  const trained = await readBody(b);
  assert.deepEqual(trained.values, w.values, 'the frozen body (conv, BatchNorm γ β and moving mean/variance, dense) did not move');
  tf.dispose([xs, ys]);
  const c = net(7, 3);
  assert.throws(
    () => applyBody(tf, c, { shapes: w.shapes.slice(0, 3), values: w.values.slice(0, 3) }, { freeze: false, source: 'short.bin' }),
    /short\.bin: no weight left/,
  );
  for (const m of [a, b, c]) m.dispose();
});

test('a saved TensorFlow.js model file gives its body weights, matched by kind and shape (head skipped)', async (t) => {
  await tf.setBackend('cpu');
  const dir = tempDir(t);
  const a = net(3, 4);
  await a.save(
    tf.io.withSaveHandler(async (art) => {
      writeFileSync(join(dir, 'weights.bin'), Buffer.from(art.weightData as ArrayBuffer));
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({ modelTopology: art.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs }] }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = readModelFile(tf, join(dir, 'model.json'));
  const b = net(50, 4);
  applyBody(tf, b, saved, { freeze: false, source: 'model.json' });
  assert.deepEqual((await readBody(b)).values, (await readBody(a)).values);
  assert.throws(() => readModelFile(tf, join(dir, 'missing.json')), /cannot read a TensorFlow\.js model\.json/);
});

test('ensureBackbone trains once per key and then reads the cache; a stale lock is taken over', async (t) => {
  const dir = tempDir(t);
  const key = backboneKey({ a: 1 });
  assert.match(key, /^bb-[0-9a-f]{20}$/);
  assert.notEqual(backboneKey({ a: 2 }), key);
  let trained = 0;
  const train = async () => {
    trained++;
    return {
      info: { architecture: {}, dataset: {}, datasetHash: 'sha256:x', inputShape: [2], epochs: 1, finalLoss: 0.5, trainedExamples: 10 },
      weights: { shapes: [[2], [1, 2]], values: [Float32Array.from([1, 2]), Float32Array.from([3, 4])] },
    };
  };
  writeFileSync(join(dir, `${key}.lock`), '999999999'); // no such process
  const first = await ensureBackbone(dir, key, train);
  const [second, third] = await Promise.all([ensureBackbone(dir, key, train), ensureBackbone(dir, key, train)]);
  assert.equal(trained, 1);
  assert.equal(first.trainedHere, true);
  assert.equal(second.trainedHere || third.trainedHere, false);
  assert.deepEqual(second.weights.values, first.weights.values);
  assert.equal(second.info.key, key);
  assert.equal(existsSync(join(dir, `${key}.lock`)), false);
});
