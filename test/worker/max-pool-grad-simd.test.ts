import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/worker/backend.js';
import { setWasmEnabled } from '../../src/analysis/wasm-asm.js';
import { seeded } from './kernel-check.js';

// [n, h, w, c]: channels a multiple of 4 (the SIMD path), odd sizes leave the last row/column out.
const SHAPES: number[][] = [
  [2, 8, 8, 4],
  [1, 7, 9, 8],
  [3, 28, 28, 16],
  [2, 5, 4, 32],
];

/** x with ties (ReLU zeros, repeated values), NaN and ±∞ taps; dy with −0 and zeros. */
function inputs(shape: number[], seed: number): { x: Float32Array; dy: Float32Array } {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = seeded(size, seed).map((v, i) => {
    if (i % 17 === 0) return Number.NaN;
    if (i % 23 === 0) return Number.NEGATIVE_INFINITY;
    if (i % 29 === 0) return Number.POSITIVE_INFINITY;
    if (i % 5 === 0) return 0.25; // ties across taps
    return Math.max(0, v); // ReLU ties at 0
  });
  const out = [shape[0], Math.floor(shape[1] / 2), Math.floor(shape[2] / 2), shape[3]];
  const dy = seeded(
    out.reduce((a, b) => a * b, 1),
    seed + 1,
  ).map((v, i) => (i % 7 === 0 ? -0 : i % 11 === 0 ? 0 : v));
  return { x, dy };
}

async function grad(shape: number[], x: Float32Array, dy: Float32Array, backend: string, simd: boolean): Promise<Float32Array> {
  await tf.setBackend(backend);
  setWasmEnabled(simd);
  const xt = tf.tensor4d(x, shape as [number, number, number, number]);
  const y = tf.maxPool(xt, 2, 2, 'valid');
  const dyt = tf.tensor4d(dy, y.shape as [number, number, number, number]);
  const dx = tf.engine().runKernel('MaxPoolGrad', { dy: dyt, input: xt, output: y }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
  const data = (await dx.data()) as Float32Array;
  tf.dispose([xt, y, dyt, dx]);
  return data;
}

const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

describe('MaxPoolGrad 2×2/2 as WebAssembly SIMD', () => {
  before(async () => {
    await setupBackend('wasm');
  });
  after(async () => {
    setWasmEnabled(true);
    await tf.setBackend('wasm');
  });
  for (const [k, shape] of SHAPES.entries()) {
    test(`${JSON.stringify(shape)}: bit-identical to the JavaScript loop, and equal to the cpu backend`, async () => {
      const { x, dy } = inputs(shape, 40 + k);
      const viaSimd = await grad(shape, x, dy, 'wasm', true);
      const viaJs = await grad(shape, x, dy, 'wasm', false);
      const bad = bits(viaSimd).findIndex((v, i) => v !== bits(viaJs)[i]);
      assert.equal(bad, -1, `dx[${bad}]: SIMD ${viaSimd[bad]} vs JavaScript ${viaJs[bad]}`);
      // The cpu backend (tfjs's reference) agrees in value; it may differ in the sign of a zero.
      const cpu = await grad(shape, x, dy, 'cpu', true);
      const off = cpu.findIndex((v, i) => !(v === viaSimd[i] || (Number.isNaN(v) && Number.isNaN(viaSimd[i]))));
      assert.equal(off, -1, `dx[${off}]: SIMD ${viaSimd[off]} vs cpu ${cpu[off]}`);
      assert.ok(viaSimd.some((v) => v !== 0));
    });
  }
});
