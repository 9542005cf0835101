/**
 * Times each conv2d gradient kernel of the bench CNN on wasm alone, by formulation, so the README
 * can say why the registered one is fastest. Shapes: batch 128, conv1 28×28×1→32, conv2
 * 14×14×32→64 (3×3 same), and a ResNet-style 3×3 stride-2 conv and 1×1 stride-2 projection.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { Bench } from 'tinybench';
import { conv2DBackpropFilterAsConv } from '../src/worker/kernels/conv2d-backprop-filter.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from '../src/worker/kernels/conv2d-backprop-filter-alternatives.js';
import { conv2DBackpropInputAsConv } from '../src/worker/kernels/conv2d-backprop-input.js';
import { selectConvGradients } from '../src/worker/kernels/index.js';

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
    selectConvGradients('conv', 'native');
    const native = tf.getKernel('Conv2DBackpropInput', 'wasm')!;
    const filterCases: Array<[string, () => tf.TensorInfo]> = [
      ['conv', () => conv2DBackpropFilterAsConv(b, fa)],
      ['taps', () => conv2DBackpropFilterTaps(b, fa)],
      ['loop', () => conv2DBackpropFilterLoop(b, fa)],
    ];
    const inputCases: Array<[string, () => tf.TensorInfo]> = [
      ['conv', () => conv2DBackpropInputAsConv(b, ia)!],
      ['native', () => native.kernelFunc({ inputs: { dy, filter: f }, attrs: { strides: l.s, pad: l.pad, dataFormat: 'NHWC', inputShape: l.x }, backend: b }) as tf.TensorInfo],
    ];
    for (const [grad, cases] of [['filter', filterCases], ['input', inputCases]] as const) {
      const bench = new Bench({ time: quick ? 100 : 600, iterations: 3, warmup: true, warmupIterations: 1, warmupTime: 0 });
      for (const [name, run] of cases) bench.add(name, () => { b.disposeData(run().dataId); });
      await bench.run();
      const ms = bench.tasks.map((t) => (t.result.state === 'completed' ? t.result.latency.p50! : NaN));
      const best = Math.min(...ms);
      lines.push(`${l.name.padEnd(18)}  ${grad.padEnd(7)}  ${bench.tasks.map((t, i) => `${t.name} ${ms[i].toFixed(1)}${ms[i] === best ? '*' : ''}`).join(' · ')}`);
    }
    selectConvGradients('conv', 'conv');
    tf.dispose([x, dy, f]);
  }
  lines.push('(* fastest)');
  return lines;
}
