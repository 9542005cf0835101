import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { setupBackend } from '../../src/worker/backend.js';
import { useFusedOptimizers } from '../../src/worker/kernels/index.js';
import { updateFunctions } from '../../src/worker/kernels/optimizer-updates-wasm.js';
import { setWasmEnabled } from '../../src/analysis/wasm-asm.js';
import { seeded } from './kernel-check.js';

// Odd sizes: the loops have no vector tail to get wrong, but a bias of 1 or 10 and a 7×13 matrix
// catch any indexing that assumes a multiple of 4.
const SHAPES: number[][] = [[1], [10], [7, 13], [33, 5]];
const STEPS = 6;

type Make = () => tf.Optimizer;
const OPTIMIZERS: Array<[string, Make]> = [
  ['adam (defaults)', () => tf.train.adam(0.001)],
  ['adam (large lr, eps)', () => tf.train.adam(0.3, 0.8, 0.95, 1e-3)],
  ['rmsprop (no momentum)', () => tf.train.rmsprop(0.001, 0.9, 0, 1e-7)],
  ['rmsprop (momentum)', () => tf.train.rmsprop(0.01, 0.8, 0.9, 1e-5)],
  ['rmsprop (centered: falls back)', () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-6, true)],
  ['sgd', () => tf.train.sgd(0.1)],
  ['momentum (not fused)', () => tf.train.momentum(0.05, 0.9)],
];

/** Runs STEPS updates with seeded gradients and returns every weight and optimizer slot, by name. */
async function train(make: Make, asArray: boolean, tag: string): Promise<Map<string, Float32Array>> {
  const vars = SHAPES.map((s, k) =>
    tf.variable(
      tf.tensor(
        seeded(
          s.reduce((a, b) => a * b),
          11 + k,
        ),
        s,
      ),
      true,
      `${tag}_w${k}`,
    ),
  );
  const opt = make();
  for (let step = 0; step < STEPS; step++) {
    tf.tidy(() => {
      const grads = vars.map((v, k) => ({
        name: v.name,
        // Gradients of mixed scale (and an exact zero) so the moments and roots see varied inputs.
        tensor: tf.mul(tf.tensor(seeded(v.size, 100 * step + k), v.shape), k === 1 && step === 2 ? 0 : 10 ** (k - 2)),
      }));
      opt.applyGradients(asArray ? grads : Object.fromEntries(grads.map((g) => [g.name, g.tensor])));
    });
  }
  const out = new Map<string, Float32Array>();
  for (const v of vars) out.set(v.name.replace(tag, ''), (await v.data()) as Float32Array);
  for (const w of await opt.getWeights()) out.set(w.name.replace(tag, ''), (await w.tensor.data()) as Float32Array);
  opt.dispose();
  tf.dispose(vars);
  return out;
}

function assertBitEqual(a: Map<string, Float32Array>, b: Map<string, Float32Array>): void {
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [name, x] of a) {
    const y = b.get(name)!;
    const xi = new Int32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Int32Array(y.buffer, y.byteOffset, y.length);
    const bad = xi.findIndex((v, i) => v !== yi[i]);
    assert.equal(bad, -1, `${name}[${bad}]: fused ${x[bad]} vs tfjs ${y[bad]}`);
  }
}

/** applyGradients with a map of plain tensors (tfjs's type asks for variables; the optimizers read only values). */
const apply = (opt: tf.Optimizer, g: Record<string, tf.Tensor | null>): void =>
  opt.applyGradients(g as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);

let n = 0;
describe('fused optimizer updates on wasm', () => {
  before(async () => {
    await setupBackend('wasm');
  });
  after(() => {
    useFusedOptimizers(true);
    setWasmEnabled(true);
  });

  test('the SIMD update functions are available here (the tests below exercise them, then the JavaScript loops)', () => {
    assert.notEqual(updateFunctions(tf.backend() as BackendWasm), null);
  });

  for (const path of ['SIMD', 'JavaScript'] as const) {
    for (const [label, make] of OPTIMIZERS) {
      for (const asArray of [false, true]) {
        test(`${path}: ${label}, gradients as ${asArray ? 'array' : 'map'}: bit-identical to tfjs's own update`, async () => {
          setWasmEnabled(path === 'SIMD');
          useFusedOptimizers(false);
          const reference = await train(make, asArray, `r${n++}`);
          useFusedOptimizers(true);
          const fused = await train(make, asArray, `f${n++}`);
          assertBitEqual(fused, reference);
          // The update actually moved the weights (the comparison is not of two untouched copies).
          assert.ok(fused.get('_w2')!.some((v, i) => v !== seeded(91, 13)[i]));
        });
      }
    }
  }

  test('uses the fused kernel on wasm: Adam runs one kernel per variable plus the β-power updates', async () => {
    setWasmEnabled(true);
    useFusedOptimizers(true);
    const v = tf.variable(tf.tensor(seeded(12, 3), [3, 4]), true, `count${n++}`);
    const opt = tf.train.adam(0.01);
    apply(opt, { [v.name]: tf.onesLike(v) }); // creates the slots
    const profile = await tf.profile(() => apply(opt, { [v.name]: tf.onesLike(v) }));
    const names = profile.kernels.map((k) => k.name);
    assert.equal(names.filter((k) => k === 'DivbenchAdamUpdate').length, 1, names.join(', '));
    assert.ok(!names.includes('Sqrt'), names.join(', '));
    opt.dispose();
    v.dispose();
  });

  test('no tensor or byte leaks: after the first step (which creates the slots) every step leaves memory as it found it', () => {
    setWasmEnabled(true);
    useFusedOptimizers(true);
    for (const make of [() => tf.train.adam(0.01), () => tf.train.rmsprop(0.01, 0.9, 0.5), () => tf.train.sgd(0.1)]) {
      const v = tf.variable(tf.tensor(seeded(40, 9), [8, 5]), true, `leak${n++}`);
      const opt = make();
      const step = () => tf.tidy(() => apply(opt, { [v.name]: tf.mul(v, 0.5) }));
      step();
      const before = tf.memory();
      for (let i = 0; i < 5; i++) step();
      const after = tf.memory();
      assert.equal(after.numTensors, before.numTensors);
      assert.equal(after.numBytes, before.numBytes);
      opt.dispose();
      v.dispose();
    }
  });

  test('a null gradient leaves its variable alone, as tfjs does', async () => {
    useFusedOptimizers(true);
    const a = tf.variable(tf.ones([3]), true, `na${n++}`);
    const b = tf.variable(tf.ones([2]), true, `nb${n++}`);
    const opt = tf.train.adam(0.1);
    apply(opt, { [a.name]: tf.ones([3]), [b.name]: null });
    assert.deepEqual(Array.from(await b.data()), [1, 1]);
    assert.ok((await a.data())[0] < 1);
    assert.equal((await opt.getWeights()).length, 5); // iterations + m, v for both variables
    opt.dispose();
    tf.dispose([a, b]);
  });

  test('a model trained with fused updates ends bit-identical to one trained with tfjs updates', async () => {
    const x = tf.tensor(seeded(40 * 6, 5), [40, 6]);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 40 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    const fit = async (fused: boolean): Promise<Float32Array[]> => {
      setWasmEnabled(true);
      useFusedOptimizers(fused);
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      await model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
      const w = await Promise.all(model.getWeights().map((t) => t.data() as Promise<Float32Array>));
      model.dispose();
      return w;
    };
    const reference = await fit(false);
    const fused = await fit(true);
    assert.deepEqual(fused, reference);
    tf.dispose([x, y]);
  });

  test("on the cpu backend the optimizers run tfjs's own update", async () => {
    useFusedOptimizers(true);
    await tf.setBackend('cpu');
    try {
      const v = tf.variable(tf.ones([4]), true, `cpu${n++}`);
      const opt = tf.train.adam(0.1);
      const profile = await tf.profile(() => apply(opt, { [v.name]: tf.ones([4]) }));
      assert.ok(!profile.kernels.some((k) => k.name.startsWith('Divbench')));
      assert.ok((await v.data())[0] < 1);
      opt.dispose();
      v.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('heap modules', () => {
  test('a memory the module cannot import (shared, as a threaded wasm build has) gives null, so the kernels fall back', async () => {
    const { heapModule } = await import('../../src/worker/kernels/heap.js');
    const { I32 } = await import('../../src/analysis/wasm-asm.js');
    const mod = heapModule<{ f: () => void }>(() => [{ name: 'f', params: [I32], locals: [], body: [] }]);
    const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object } }).WebAssembly;
    assert.equal(mod.functions(new Memory({ initial: 1, maximum: 2, shared: true })), null);
    assert.notEqual(mod.functions(new Memory({ initial: 1 })), null);
  });
});
