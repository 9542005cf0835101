import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/worker/backend.js';
import { setWasmEnabled } from '../../src/analysis/wasm-asm.js';
import { seeded } from './kernel-check.js';

// c = 4, 12 (4-channel blocks), 8, 24 (8), 16, 32, 48 (16); 10 and 6 take the JavaScript loop.
const SHAPES: number[][] = [
  [64, 28, 28, 16],
  [64, 14, 14, 32],
  [3, 5, 4],
  [7, 12],
  [2, 3, 8],
  [5, 24],
  [9, 48],
  [4, 10],
  [1, 6],
  [1, 16],
];

/** Mixed magnitudes (sums that round differently in float32 and float64) plus NaN and ±∞ in some channels. */
function values(n: number, seed: number, special: boolean): Float32Array {
  return seeded(n, seed).map((v, i) => {
    if (special && i === 5) return Number.NaN;
    if (special && i === 7) return Number.POSITIVE_INFINITY;
    return v * 10 ** ((i % 7) - 3);
  });
}

const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

async function reduce(x: tf.Tensor, mean: boolean, keepDims: boolean, simd: boolean): Promise<Float32Array> {
  setWasmEnabled(simd);
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const y = mean ? tf.mean(x, axes, keepDims) : tf.sum(x, axes, keepDims);
  const data = (await y.data()) as Float32Array;
  y.dispose();
  return data;
}

describe('Sum and Mean over leading axes as WebAssembly SIMD', () => {
  before(async () => {
    await setupBackend('wasm');
  });
  after(() => {
    setWasmEnabled(true);
  });
  for (const shape of SHAPES) {
    for (const mean of [false, true]) {
      for (const special of [false, true]) {
        test(`${mean ? 'Mean' : 'Sum'} ${JSON.stringify(shape)}${special ? ' with NaN and ∞' : ''}: bit-identical to the JavaScript loop`, async () => {
          const x = tf.tensor(
            values(
              shape.reduce((p, d) => p * d, 1),
              shape.length + shape[shape.length - 1],
              special,
            ),
            shape,
          );
          const viaSimd = await reduce(x, mean, special, true);
          const viaJs = await reduce(x, mean, special, false);
          const bad = bits(viaSimd).findIndex((v, i) => v !== bits(viaJs)[i] && !(Number.isNaN(viaSimd[i]) && Number.isNaN(viaJs[i])));
          assert.equal(bad, -1, `[${bad}]: SIMD ${viaSimd[bad]} vs JavaScript ${viaJs[bad]}`);
          assert.equal(viaSimd.length, shape[shape.length - 1]);
          x.dispose();
        });
      }
    }
  }
});
