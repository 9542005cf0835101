import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/worker/backend.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from '../../scripts/kernels/conv2d-backprop-filter-alternatives.js';
import { conv2DBackpropFilterAsConv } from '../../src/worker/kernels/conv2d-backprop-filter.js';
import { conv2DBackpropFilterIm2col } from '../../src/worker/kernels/conv2d-backprop-filter-im2col.js';
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
  [
    2,
    6,
    6,
    2,
    3,
    3,
    3,
    1,
    [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  ],
  [1, 6, 6, 2, 3, 3, 3, 1, 1],
  [3, 5, 5, 1, 8, 5, 5, 1, 'same'],
  // One input channel (im2col's contiguous-run path) with a stride, asymmetric padding, a kernel wider than the image.
  [2, 9, 9, 1, 3, 3, 3, 2, 'same'],
  [
    2,
    6,
    7,
    1,
    2,
    3,
    3,
    1,
    [
      [0, 0],
      [2, 0],
      [0, 2],
      [0, 0],
    ],
  ],
  [1, 4, 3, 1, 2, 3, 5, [1, 2], 'same'],
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
  const dy = {
    values: seeded(
      info.outShape.reduce((a, b) => a * b, 1),
      2,
    ),
    shape: info.outShape,
  };
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
      assert.ok((await maxErrorVsCpu('Conv2DBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs)) <= TOL);
      for (const alt of [conv2DBackpropFilterLoop, conv2DBackpropFilterTaps, conv2DBackpropFilterIm2col, conv2DBackpropFilterAsConv]) {
        const err = await maxErrorVsCpu('Conv2DBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs, (b, [x, dy]) => alt(b, { x, dy, ...(attrs as any) }));
        assert.ok(err <= TOL, `${alt.name}: ${err}`);
      }
    });
    test(`Conv2DBackpropInput ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, false);
      const attrs = { strides: s.strides, pad: s.pad, dataFormat: 'NHWC', inputShape: s.inputShape } as unknown as tf.NamedAttrMap;
      assert.ok((await maxErrorVsCpu('Conv2DBackpropInput', ['dy', 'filter'], [s.dy, s.filter], attrs)) <= TOL);
    });
  }
  for (const c of DEPTHWISE) {
    test(`DepthwiseConv2dNativeBackpropFilter ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, true);
      const attrs = { strides: s.strides, pad: s.pad, dilations: s.dilations, filterShape: s.filterShape } as unknown as tf.NamedAttrMap;
      assert.ok((await maxErrorVsCpu('DepthwiseConv2dNativeBackpropFilter', ['x', 'dy'], [s.x, s.dy], attrs)) <= TOL);
    });
    test(`DepthwiseConv2dNativeBackpropInput ${JSON.stringify(c)}`, async () => {
      const s = shapes(c, true);
      const attrs = { strides: s.strides, pad: s.pad, dilations: s.dilations, inputShape: s.inputShape } as unknown as tf.NamedAttrMap;
      assert.ok((await maxErrorVsCpu('DepthwiseConv2dNativeBackpropInput', ['dy', 'filter'], [s.dy, s.filter], attrs)) <= TOL);
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
  // [a shape, b shape, transposeA, transposeB]
  const MATMUL: Array<[number[], number[], boolean, boolean]> = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[1, 64, 20], [1, 64, 9], true, false], // a dense layer's weight gradient
    [[1, 64, 9], [1, 20, 9], false, true], // … and its input gradient
    [[3, 6, 4], [3, 6, 5], true, false], // batched
    [[2, 4, 6], [1, 5, 6], false, true], // batched, b broadcast
  ];
  for (const [as, bs, tA, tB] of MATMUL) {
    test(`BatchMatMul ${JSON.stringify(as)}·${JSON.stringify(bs)} tA=${tA} tB=${tB}`, async () => {
      const a = {
        values: seeded(
          as.reduce((x, y) => x * y, 1),
          11,
        ),
        shape: as,
      };
      const b = {
        values: seeded(
          bs.reduce((x, y) => x * y, 1),
          12,
        ),
        shape: bs,
      };
      assert.ok((await maxErrorVsCpu('BatchMatMul', ['a', 'b'], [a, b], { transposeA: tA, transposeB: tB })) <= TOL);
    });
  }
  // The fused kernel takes rank-3 operands (tf.fused.matMul reshapes before calling it).
  const FUSED = MATMUL.slice(0, 4).map(([a, b, tA, tB]): [number[], number[], boolean, boolean] => [[1, ...a], [1, ...b], tA, tB]);
  for (const [as, bs, tA, tB] of FUSED) {
    test(`_FusedMatMul (bias, relu) ${JSON.stringify(as)}·${JSON.stringify(bs)} tA=${tA} tB=${tB}`, async () => {
      const a = {
        values: seeded(
          as.reduce((x, y) => x * y, 1),
          13,
        ),
        shape: as,
      };
      const b = {
        values: seeded(
          bs.reduce((x, y) => x * y, 1),
          14,
        ),
        shape: bs,
      };
      const bias = { values: seeded(3, 15), shape: [3] };
      const err = await maxErrorVsCpu('_FusedMatMul', ['a', 'b', 'bias'], [a, b, bias], { transposeA: tA, transposeB: tB, activation: 'relu' });
      assert.ok(err <= TOL, String(err));
    });
  }
  // [x shape, filterSize, strides, pad]
  const POOLS: Array<[number[], number | [number, number], number | [number, number], 'valid' | 'same']> = [
    [[2, 8, 8, 3], 2, 2, 'valid'], // the CNN's pool (fast path)
    [[2, 8, 10, 8], 2, 2, 'valid'], // channels a multiple of 4: the SIMD row function
    [[1, 9, 7, 16], 2, 2, 'valid'], // … with odd sizes
    [[2, 7, 9, 3], 2, 2, 'valid'], // odd sizes: last row/column unread
    [[2, 7, 7, 2], 2, 2, 'same'], // padded last window (generic path)
    [[2, 9, 9, 4], 3, 2, 'same'], // overlapping windows
    [[1, 6, 5, 2], 3, 1, 'valid'],
    [[1, 8, 6, 2], [3, 2], [2, 1], 'same'],
  ];
  for (const [xs, f, st, pd] of POOLS) {
    for (const relu of [false, true]) {
      test(`MaxPoolGrad ${JSON.stringify([xs, f, st, pd])}${relu ? ' after ReLU (ties at 0)' : ''}`, async () => {
        const size = xs.reduce((x, y) => x * y, 1);
        const xv = seeded(size, 21).map((v) => (relu ? Math.max(0, v) : v));
        const info = tf.backend_util.computePool2DInfo(xs as [number, number, number, number], f, st, 1, pd);
        const dy = {
          values: seeded(
            info.outShape.reduce((x, y) => x * y, 1),
            22,
          ),
          shape: info.outShape,
        };
        await tf.setBackend('cpu');
        const y = tf.maxPool(tf.tensor4d(xv, xs as [number, number, number, number]), f, st, pd);
        const output = { values: (await y.data()) as Float32Array, shape: y.shape };
        y.dispose();
        const err = await maxErrorVsCpu('MaxPoolGrad', ['dy', 'input', 'output'], [dy, { values: xv, shape: xs }, output], {
          filterSize: f,
          strides: st,
          pad: pd,
        });
        assert.ok(err <= 1e-6, String(err));
      });
    }
  }
  const TILES: Array<[number[], number[]]> = [
    [
      [1, 1, 1, 16],
      [3, 4, 5, 1],
    ],
    [
      [2, 3],
      [2, 2],
    ],
    [[4], [3]],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
    [
      [3, 2],
      [1, 1],
    ],
  ];
  for (const [shape, reps] of TILES) {
    test(`Tile ${JSON.stringify(shape)} × ${JSON.stringify(reps)} (float32 and int32, exact)`, async () => {
      const size = shape.reduce((x, y) => x * y, 1);
      assert.equal(await maxErrorVsCpu('Tile', ['x'], [{ values: seeded(size, 41), shape }], { reps }), 0);
      const ints = { values: Int32Array.from({ length: size }, (_, i) => i * 7 - 3), shape, dtype: 'int32' as const };
      assert.equal(await maxErrorVsCpu('Tile', ['x'], [ints], { reps }), 0);
    });
  }
  // [shape, axis, keepDims]: leading-axes reductions take divbench's path, the rest wasm's own.
  const REDUCE: Array<[number[], number | number[], boolean]> = [
    [[5, 4, 3, 6], [0, 1, 2], false],
    [[5, 4, 3, 6], [2, 0, 1], true],
    [[5, 4, 3, 7], [-4, -3, -2], false],
    [[9, 5], 0, false],
    [[9, 5], [0], true],
    [[6, 3, 2], [0, 1], false],
    [[5, 4, 3], [1], false],
    [[5, 4, 3], [0, 2], true],
  ];
  for (const [shape, axis, keepDims] of REDUCE) {
    for (const kernel of ['Sum', 'Mean']) {
      test(`${kernel} ${JSON.stringify(shape)} axis ${JSON.stringify(axis)} keepDims ${keepDims}`, async () => {
        const x = {
          values: seeded(
            shape.reduce((a, b) => a * b, 1),
            51,
          ),
          shape,
        };
        assert.ok((await maxErrorVsCpu(kernel, ['x'], [x], { axis, keepDims })) <= TOL);
      });
    }
  }
  test('UnsortedSegmentSum (ids out of range are dropped)', async () => {
    const ids = { values: Int32Array.from([0, 3, 1, 3, -1, 7, 2, 0]), shape: [8], dtype: 'int32' as const };
    for (const shape of [[8], [8, 3], [8, 2, 2]]) {
      const x = {
        values: seeded(
          shape.reduce((a, b) => a * b, 1),
          5,
        ),
        shape,
      };
      assert.ok((await maxErrorVsCpu('UnsortedSegmentSum', ['x', 'segmentIds'], [x, ids], { numSegments: 5 })) <= TOL);
    }
  });
});

describe('training on wasm', () => {
  test('is deterministic: the same MLP and CNN trained twice give byte-identical weights', async () => {
    await tf.setBackend('wasm');
    const train = async (): Promise<Uint8Array[]> => {
      const L = tf.layers;
      const input = tf.input({ shape: [8, 8, 1] });
      const conv = L.conv2d({
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }).apply(input) as tf.SymbolicTensor;
      const pooled = L.maxPooling2d({ poolSize: 2, strides: 2 }).apply(conv) as tf.SymbolicTensor;
      const hidden = L.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(
        L.flatten().apply(pooled) as tf.SymbolicTensor,
      ) as tf.SymbolicTensor;
      const out = L.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(
        hidden,
      ) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: out });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const xs = tf.tensor4d(seeded(16 * 64, 31), [16, 8, 8, 1]);
      const ys = tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: 16 }, (_, i) => i % 3),
            'int32',
          ),
          3,
        )
        .cast('float32');
      for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
      const weights = await Promise.all(model.getWeights().map(async (w) => new Uint8Array(((await w.data()) as Float32Array).slice().buffer)));
      tf.dispose([xs, ys]);
      model.dispose();
      return weights;
    };
    const first = await train();
    const second = await train();
    assert.equal(first.length, second.length);
    first.forEach((w, i) => assert.deepEqual(w, second[i], `weight ${i} differs between two runs`));
  });

  test('a tiny conv net (same/valid, stride 2, depthwise, 1×1 projection) trains and its loss decreases', async () => {
    await tf.setBackend('wasm');
    const L = tf.layers;
    const input = tf.input({ shape: [12, 12, 2] });
    const a = L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(
      input,
    ) as tf.SymbolicTensor;
    const b = L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(
      a,
    ) as tf.SymbolicTensor;
    const sc = L.conv2d({ filters: 6, kernelSize: 1, strides: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(a) as tf.SymbolicTensor;
    const c = L.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'valid',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    }).apply(L.add().apply([b, sc]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const out = L.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }).apply(
      L.globalAveragePooling2d({}).apply(c) as tf.SymbolicTensor,
    ) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const n = 24;
    const xs = tf.tensor4d(seeded(n * 12 * 12 * 2, 7), [n, 12, 12, 2]);
    // A learnable target: the class is the sign pattern of the first two channels' means.
    const means = xs.mean([1, 2]).arraySync() as number[][];
    const ys = tf.tensor1d(
      means.map((m) => (m[0] > 0 ? 1 : 0) + (m[1] > 0 ? 1 : 0)),
      'float32',
    );
    const h = await model.fit(xs, ys, { epochs: 15, batchSize: 8, shuffle: false, verbose: 0 });
    const loss = h.history.loss as number[];
    assert.equal(tf.getBackend(), 'wasm');
    assert.ok(loss.every(Number.isFinite));
    assert.ok(loss[loss.length - 1] < loss[0] * 0.9, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
