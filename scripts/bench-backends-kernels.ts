/**
 * Times each conv2d gradient kernel of the bench CNN on wasm alone, by formulation, so the README
 * can say why the registered one is fastest. Shapes: batch 128, conv1 28×28×1→32, conv2
 * 14×14×32→64 (3×3 same), and a ResNet-style 3×3 stride-2 conv and 1×1 stride-2 projection.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { Bench } from 'tinybench';
import { conv2DBackpropFilterAsConv } from '../src/worker/kernels/conv2d-backprop-filter.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from './kernels/conv2d-backprop-filter-alternatives.js';
import { conv2DBackpropFilterIm2col } from '../src/worker/kernels/conv2d-backprop-filter-im2col.js';
import { conv2DBackpropInputAsConv } from '../src/worker/kernels/conv2d-backprop-input.js';
import { selectConvGradients, useNativeWasmKernel } from '../src/worker/kernels/index.js';

type Layer = { name: string; x: [number, number, number, number]; f: [number, number, number, number]; s: number; pad: 'same' | 'valid' };
const LAYERS: Layer[] = [
  { name: 'conv1 28²×1→32', x: [128, 28, 28, 1], f: [3, 3, 1, 32], s: 1, pad: 'same' },
  { name: 'conv2 14²×32→64', x: [128, 14, 14, 32], f: [3, 3, 32, 64], s: 1, pad: 'same' },
  { name: '3×3/2 14²×32→64', x: [128, 14, 14, 32], f: [3, 3, 32, 64], s: 2, pad: 'same' },
  { name: '1×1/2 14²×32→64', x: [128, 14, 14, 32], f: [1, 1, 32, 64], s: 2, pad: 'valid' },
];

export async function kernelTimings(quick: boolean): Promise<string[]> {
  await tf.setBackend('wasm');
  const b = tf.backend() as BackendWasm;
  const lines = [`${'layer'.padEnd(18)}  ${'gradient'.padEnd(7)}  formulation → median ms`];
  for (const l of LAYERS) {
    const info = tf.backend_util.computeConv2DInfo(l.x, l.f, l.s, 1, l.pad);
    const x = tf.randomNormal(l.x, 0, 1, 'float32', 1);
    const dy = tf.randomNormal(info.outShape, 0, 1, 'float32', 2);
    const f = tf.randomNormal(l.f, 0, 1, 'float32', 3);
    const fa = { x, dy, filterShape: l.f, strides: l.s, pad: l.pad };
    const ia = { dy, filter: f, inputShape: l.x, strides: l.s, pad: l.pad };
    selectConvGradients('auto', 'native');
    const native = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    const filterCases: Array<[string, () => tf.TensorInfo]> = [
      ['conv', () => conv2DBackpropFilterAsConv(b, fa)],
      ['im2col', () => conv2DBackpropFilterIm2col(b, fa)],
      ['taps', () => conv2DBackpropFilterTaps(b, fa)],
      ['loop', () => conv2DBackpropFilterLoop(b, fa)],
    ];
    const inputCases: Array<[string, () => tf.TensorInfo]> = [
      ['conv', () => conv2DBackpropInputAsConv(b, ia)!],
      [
        'native',
        () =>
          native.kernelFunc({
            inputs: { dy, filter: f },
            attrs: { strides: l.s, pad: l.pad, dataFormat: 'NHWC', inputShape: l.x },
            backend: b,
          }) as tf.TensorInfo,
      ],
    ];
    for (const [grad, cases] of [
      ['filter', filterCases],
      ['input', inputCases],
    ] as const) {
      const bench = new Bench({ time: quick ? 100 : 600, iterations: 3, warmup: true, warmupIterations: 1, warmupTime: 0 });
      for (const [name, run] of cases)
        bench.add(name, () => {
          b.disposeData(run().dataId);
        });
      await bench.run();
      const ms = bench.tasks.map((t) => (t.result.state === 'completed' ? t.result.latency.p50! : NaN));
      const best = Math.min(...ms);
      lines.push(
        `${l.name.padEnd(18)}  ${grad.padEnd(7)}  ${bench.tasks.map((t, i) => `${t.name} ${ms[i].toFixed(1)}${ms[i] === best ? '*' : ''}`).join(' · ')}`,
      );
    }
    selectConvGradients('auto', 'conv');
    tf.dispose([x, dy, f]);
  }
  lines.push('(* fastest)');
  lines.push('', ...(await replacedKernelTimings(quick)));
  return lines;
}

/** Each kernel divbench replaces on wasm (kernels/index.ts REPLACED), native vs replacement, on the bench models' shapes. */
async function replacedKernelTimings(quick: boolean): Promise<string[]> {
  const lines = [`Replaced wasm kernels, wasm's own vs divbench's (batch 128; tinybench median ms):`];
  const cases: Array<{ kernel: string; what: string; inputs: Record<string, number[]>; attrs: tf.NamedAttrMap }> = [
    { kernel: 'BatchMatMul', what: 'dW dense 784→256 (tA)', inputs: { a: [128, 784], b: [128, 256] }, attrs: { transposeA: true, transposeB: false } },
    { kernel: 'BatchMatMul', what: 'dx dense 256→128 (tB)', inputs: { a: [128, 128], b: [256, 128] }, attrs: { transposeA: false, transposeB: true } },
    { kernel: 'BatchMatMul', what: 'dW dense 3136→128 (tA)', inputs: { a: [128, 3136], b: [128, 128] }, attrs: { transposeA: true, transposeB: false } },
    {
      kernel: 'MaxPoolGrad',
      what: 'pool 2×2/2 28²×32',
      inputs: { dy: [128, 14, 14, 32], input: [128, 28, 28, 32], output: [128, 14, 14, 32] },
      attrs: { filterSize: 2, strides: 2, pad: 'valid' },
    },
    {
      kernel: 'MaxPoolGrad',
      what: 'pool 3×3/2 same 14²×64',
      inputs: { dy: [128, 7, 7, 64], input: [128, 14, 14, 64], output: [128, 7, 7, 64] },
      attrs: { filterSize: 3, strides: 2, pad: 'same' },
    },
  ];
  for (const c of cases) {
    const ts = Object.fromEntries(Object.entries(c.inputs).map(([k, shape], i) => [k, tf.randomNormal(shape, 0, 1, 'float32', 10 + i)]));
    const bench = new Bench({ time: quick ? 100 : 600, iterations: 3, warmup: true, warmupIterations: 1, warmupTime: 0 });
    for (const native of [true, false]) {
      bench.add(native ? 'native' : 'divbench', () => {
        useNativeWasmKernel(c.kernel, native);
        tf.dispose(tf.engine().runKernel(c.kernel, ts, c.attrs) as tf.Tensor);
      });
    }
    await bench.run();
    useNativeWasmKernel(c.kernel, false);
    const ms = bench.tasks.map((t) => (t.result.state === 'completed' ? t.result.latency.p50! : NaN));
    lines.push(`${c.kernel.padEnd(12)} ${c.what.padEnd(24)} native ${ms[0].toFixed(2)} · divbench ${ms[1].toFixed(2)} → ${(ms[0] / ms[1]).toFixed(1)}× faster`);
    tf.dispose(Object.values(ts));
  }
  return lines;
}
