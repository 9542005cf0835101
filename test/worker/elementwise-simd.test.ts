import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/worker/backend.js';
import { useNativeWasmKernel, useSimdReluGradient } from '../../src/worker/kernels/index.js';
import { seeded } from './kernel-check.js';

/** Values with the awkward ones mixed in (NaN, ±∞, ±0), at positions that depend on the seed. */
function awkward(n: number, seed: number): Float32Array {
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
  const every = 11 + seed;
  return seeded(n, seed).map((v, i) => (i % every === 0 ? special[(i / every) % special.length] : v * 3));
}

const bits = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);
function assertSameBits(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length);
  const bad = bits(got).findIndex((v, i) => v !== bits(want)[i] && !(Number.isNaN(got[i]) && Number.isNaN(want[i])));
  assert.equal(bad, -1, `${what}[${bad}]: ${got[bad]} vs tfjs ${want[bad]}`);
}

describe('SIMD per-channel binary ops and Relu gradient on wasm', () => {
  before(async () => {
    await setupBackend('wasm');
  });
  after(async () => {
    for (const k of ['Add', 'Sub', 'Multiply', 'RealDiv']) useNativeWasmKernel(k, false);
    useSimdReluGradient(true);
    await tf.setBackend('wasm');
  });

  const SHAPES: Array<[number[], number[]]> = [
    [[64, 28, 28, 16], [16]], // the default CNN's first bias add
    [
      [3, 5, 8],
      [1, 1, 8],
    ], // the operand already reshaped to the activation's rank
    [[7, 4], [4]],
    [[2, 10], [10]], // 10 channels: not a multiple of 4, wasm's own kernel
    [
      [4, 8],
      [4, 8],
    ], // not per-channel: wasm's own kernel
    [[8], [8]],
    [[64, 28, 28, 16], []], // a single value: BatchNorm's division by the count
    [
      [6, 2],
      [1, 1],
    ],
    [[5, 3], []], // 15 values: wasm's own kernel
    [[], []],
  ];
  const OPS: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['Add', tf.add],
    ['Sub', tf.sub],
    ['Multiply', tf.mul],
    ['RealDiv', tf.div],
  ];
  for (const [kernel, f] of OPS) {
    for (const [sa, sb] of SHAPES) {
      for (const channelFirst of [false, true]) {
        const [s1, s2] = channelFirst ? [sb, sa] : [sa, sb];
        test(`${kernel} ${JSON.stringify(s1)} ${JSON.stringify(s2)}: bit-identical to wasm's own kernel`, async () => {
          const a = tf.tensor(
            awkward(
              s1.reduce((p, d) => p * d, 1),
              1,
            ),
            s1,
          );
          const b = tf.tensor(
            awkward(
              s2.reduce((p, d) => p * d, 1),
              2,
            ),
            s2,
          );
          useNativeWasmKernel(kernel, true);
          const want = (await f(a, b).data()) as Float32Array;
          useNativeWasmKernel(kernel, false);
          const got = (await f(a, b).data()) as Float32Array;
          assertSameBits(got, want, kernel);
          tf.dispose([a, b]);
        });
      }
    }
  }
  test("int32 adds still go to wasm's own Add", async () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32');
    const s = tf.add(a, tf.tensor1d([10, 20, 30, 40], 'int32'));
    assert.equal(s.dtype, 'int32');
    assert.deepEqual(Array.from(await s.data()), [11, 22, 33, 44, 15, 26, 37, 48]);
  });

  const RELUS: number[][] = [
    [64, 28, 28, 16],
    [64, 256],
    [3, 7], // 21 values: tfjs's own gradient
  ];
  for (const shape of RELUS) {
    test(`Relu gradient ${JSON.stringify(shape)}: bit-identical to tfjs's mul(dy, cast(step(x)))`, async () => {
      const n = shape.reduce((p, d) => p * d, 1);
      const x = tf.tensor(awkward(n, 3), shape);
      const dy = tf.tensor(awkward(n, 4), shape);
      const grad = async (): Promise<Float32Array> => {
        const g = tf.grad((v: tf.Tensor) => tf.relu(v))(x, dy);
        const data = (await g.data()) as Float32Array;
        g.dispose();
        return data;
      };
      useSimdReluGradient(false);
      const want = await grad();
      useSimdReluGradient(true);
      const profile = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.relu(v))(x, dy));
      assert.equal(
        profile.kernels.some((k) => k.name === 'DivbenchReluGrad'),
        n % 4 === 0,
        profile.kernels.map((k) => k.name).join(', '),
      );
      const got = await grad();
      assertSameBits(got, want, 'dx');
      // −0 where dy < 0 and x ≤ 0 survives (a multiplication, not a select)
      if (n % 4 === 0) assert.ok(got.some((v, i) => Object.is(v, -0) && Object.is(want[i], -0)));
      tf.dispose([x, dy]);
    });
  }

  test("on the cpu backend the Relu gradient is tfjs's own", async () => {
    await tf.setBackend('cpu');
    try {
      useSimdReluGradient(true);
      const x = tf.tensor1d([-1, 2, 0, 3]);
      const profile = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.relu(v))(x));
      assert.ok(!profile.kernels.some((k) => k.name.startsWith('Divbench')));
      assert.deepEqual(
        Array.from(
          await tf
            .grad((v: tf.Tensor) => tf.relu(v))(x)
            .data(),
        ),
        [0, 1, 0, 1],
      );
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
