import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/worker/backend.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from '../../src/worker/kernels/conv2d-backprop-filter-alternatives.js';
import { gradientByLinearity, maxErrorVs, maxErrorVsCpu, seeded } from './kernel-check.js';

const TOL = 1e-4;
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
// [n, h, w, inC, outC (or channel multiplier), kh, kw, strides, pad, dilations]
type Case = [number, number, number, number, number, number, number, number | [number, number], Pad, number?];

const CONV: Case[] = [
  [2, 7, 7, 3, 4, 3, 3, 1, 'same'],
  [2, 8, 8, 3, 5, 3, 3, 2, 'same'],
  [2, 9, 9, 2, 3, 3, 3, 2, 'valid'],
  [1, 10, 10, 3, 4, 1, 1, 2, 'valid'], // ResNet projection shortcut
  [2, 8, 6, 3, 2, 5, 3, [2, 1], 'same'],
  [2, 7, 7, 2, 3, 2, 2, 3, 'valid'],
  [2, 6, 6, 2, 3, 3, 3, 1, [[0, 0], [1, 2], [0, 1], [0, 0]]],
  [1, 6, 6, 2, 3, 3, 3, 1, 1],
  [3, 5, 5, 1, 8, 5, 5, 1, 'same'],
];
const DEPTHWISE: Case[] = [
  [2, 7, 7, 3, 1, 3, 3, 1, 'same'],
  [2, 8, 8, 3, 2, 3, 3, 2, 'same'],
  [2, 9, 9, 2, 3, 3, 3, 2, 'valid'],
  [1, 10, 8, 4, 1, 5, 3, [1, 2], 'valid'],
];
// Dilated depthwise: tfjs refuses its gradient and the cpu backprop kernels ignore dilation, so
// the reference comes from the (dilation-aware) forward kernel by linearity.
const DEPTHWISE_DILATED: Case[] = [
  [1, 7, 7, 2, 2, 3, 3, 1, 'same', 2],
  [2, 6, 6, 2, 1, 2, 2, 1, 'valid', 2],
];

function shapes(c: Case, depthwise: boolean) {
  const [n, h, w, ci, co, kh, kw, strides, pad, dil = 1] = c;
  const filterShape: [number, number, number, number] = [kh, kw, ci, co];
  const info = tf.backend_util.computeConv2DInfo([n, h, w, ci], filterShape, strides, dil, pad as 'same', undefined, depthwise);
  const x = { values: seeded(n * h * w * ci, 1), shape: [n, h, w, ci] };
  const dy = { values: seeded(info.outShape.reduce((a, b) => a * b, 1), 2), shape: info.outShape };
  const filter = { values: seeded(kh * kw * ci * co, 3), shape: filterShape };
  return { x, dy, filter, filterShape, inputShape: [n, h, w, ci], strides, pad, dilations: dil };
}

before(async () => {
  await setupBackend('wasm');
});

describe('wasm training kernels match the cpu backend', () => {
  for (const c of CONV) {
    test(`Conv2DBackpropFilter ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, false);
      const attrs = { strides: s.strides, pad: s.pad, dataFormat: 'NHWC', filterShape: s.filterShape } as unknown as tf.NamedAttrMap;
      assert.ok(await maxErrorVsCpu('Conv2DBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs) <= TOL);
      for (const alt of [conv2DBackpropFilterLoop, conv2DBackpropFilterTaps]) {
        const err = await maxErrorVsCpu('Conv2DBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs,
          (b, [x, dy]) => alt(b, { x, dy, ...(attrs as any) }));
        assert.ok(err <= TOL, `${alt.name}: ${err}`);
      }
    });
    test(`Conv2DBackpropInput ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, false);
      const attrs = { strides: s.strides, pad: s.pad, dataFormat: 'NHWC', inputShape: s.inputShape } as unknown as tf.NamedAttrMap;
      assert.ok(await maxErrorVsCpu('Conv2DBackpropInput', ['dy', 'filter'], [s.dy, s.filter], attrs) <= TOL);
    });
  }
  for (const c of DEPTHWISE) {
    test(`DepthwiseConv2dNativeBackpropFilter ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, true);
      const attrs = { strides: s.strides, pad: s.pad, dilations: s.dilations, filterShape: s.filterShape } as unknown as tf.NamedAttrMap;
      assert.ok(await maxErrorVsCpu('DepthwiseConv2dNativeBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs) <= TOL);
    });
    test(`DepthwiseConv2dNativeBackpropInput ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, true);
      const attrs = { strides: s.strides, pad: s.pad, dilations: s.dilations, inputShape: s.inputShape } as unknown as tf.NamedAttrMap;
      assert.ok(await maxErrorVsCpu('DepthwiseConv2dNativeBackpropInput', ['dy', 'filter'], [s.dy, s.filter], attrs) <= TOL);
    });
  }
  for (const c of DEPTHWISE_DILATED) {
    test(`Depthwise backprop filter and input, dilated ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, true);
      const fwd = (x: tf.Tensor, f: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, s.strides, s.pad as 'same', 'NHWC', s.dilations);
      const attrs = { strides: s.strides, pad: s.pad, dilations: s.dilations } as unknown as tf.NamedAttrMap;
      const dy = s.dy.values;
      const refF = await gradientByLinearity(s.filterShape, dy, (e) => fwd(tf.tensor(s.x.values, s.x.shape), e));
      const errF = await maxErrorVs(refF, 'DepthwiseConv2dNativeBackpropFilter', ['x', 'dy'], [s.x, s.dy], { ...attrs, filterShape: s.filterShape });
      assert.ok(errF <= TOL, `filter: ${errF}`);
      const refX = await gradientByLinearity(s.inputShape, dy, (e) => fwd(e, tf.tensor(s.filter.values, s.filter.shape)));
      const errX = await maxErrorVs(refX, 'DepthwiseConv2dNativeBackpropInput', ['dy', 'filter'], [s.dy, s.filter], { ...attrs, inputShape: s.inputShape });
      assert.ok(errX <= TOL, `input: ${errX}`);
    });
  }
  test('UnsortedSegmentSum (ids out of range are dropped)', async () => {
    const ids = { values: Int32Array.from([0, 3, 1, 3, -1, 7, 2, 0]), shape: [8], dtype: 'int32' as const };
    for (const shape of [[8], [8, 3], [8, 2, 2]]) {
      const x = { values: seeded(shape.reduce((a, b) => a * b, 1), 5), shape };
      assert.ok(await maxErrorVsCpu('UnsortedSegmentSum', ['x', 'segmentIds'], [x, ids], { numSegments: 5 }) <= TOL);
    }
  });
});

describe('training on wasm', () => {
  test('a tiny conv net (same/valid, stride 2, depthwise, 1×1 projection) trains and its loss decreases', async () => {
    await tf.setBackend('wasm');
    const L = tf.layers;
    const input = tf.input({ shape: [12, 12, 2] });
    const a = L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    const b = L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(a) as tf.SymbolicTensor;
    const sc = L.conv2d({ filters: 6, kernelSize: 1, strides: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(a) as tf.SymbolicTensor;
    const c = L.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) })
      .apply(L.add().apply([b, sc]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const out = L.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) })
      .apply(L.globalAveragePooling2d({}).apply(c) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const n = 24;
    const xs = tf.tensor4d(seeded(n * 12 * 12 * 2, 7), [n, 12, 12, 2]);
    // A learnable target: the class is the sign pattern of the first two channels' means.
    const means = xs.mean([1, 2]).arraySync() as number[][];
    const ys = tf.tensor1d(means.map((m) => (m[0] > 0 ? 1 : 0) + (m[1] > 0 ? 1 : 0)), 'float32');
    const h = await model.fit(xs, ys, { epochs: 15, batchSize: 8, shuffle: false, verbose: 0 });
    const loss = h.history.loss as number[];
    assert.equal(tf.getBackend(), 'wasm');
    assert.ok(loss.every(Number.isFinite));
    assert.ok(loss[loss.length - 1] < loss[0] * 0.9, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
