/**
 * `npm run profile:kernels`: where a training step's time goes, kernel by kernel, for the
 * registered architectures on one backend (wasm by default). Every top-level kernel the engine
 * runs (forward, gradient, optimizer update) is timed by wrapping `engine.runKernelFunc`; the
 * table groups them by kernel name plus the attributes that pick a code path (MatMul transposes,
 * pool sizes) and the input shapes, and sorts by total time. A row's share is of the measured
 * step CPU time, so what is left over is the engine's and Layers' own JavaScript.
 *
 *   tsx scripts/profile-kernels.ts [--backend wasm] [--steps 20] [--batch 64] [--arch mlp,cnn] [--top 12]
 *                                  [--optimizers sgd,adam,rmsprop] [--compare-native]
 *
 * `--compare-native` also times each model's step with wasm's own kernels and tfjs's own
 * optimizer updates in place of the ones divbench replaces (kernels/index.ts REPLACED, the conv
 * filter-gradient choice, fused-optimizers.ts, relu-grad.ts), same run.
 *
 * The architectures are the default suite's (linear, mlp [256,128], cnn [16,32]+64) plus
 * cnn with batchNorm and the default resnet, each with SGD, Adam and RMSProp on 28×28×1 inputs.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { registry } from '../src/registry/index.js';
import { setupBackend, type BackendRequest } from '../src/worker/backend.js';
import { scriptArgs } from './script-args.js';
import { REPLACED_KERNELS, selectConvGradients, useFusedOptimizers, useNativeWasmKernel, useSimdReluGradient } from '../src/worker/kernels/index.js';

const args = scriptArgs(
  "usage: npm run profile:kernels -- [options]\ntimes every kernel of a training step, per architecture and optimizer; --compare-native also times the step with wasm's own kernels and tfjs's own optimizer updates instead of divbench's",
  {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '64' },
    arch: { type: 'string', default: 'linear,mlp,cnn,cnn-bn,resnet' },
    optimizers: { type: 'string', default: 'sgd,adam,rmsprop' },
    top: { type: 'string', default: '12' },
    'compare-native': { type: 'boolean', default: false },
  },
);

const ARCHS: Record<string, { type: string; params: Record<string, unknown> }> = {
  linear: { type: 'linear', params: {} },
  mlp: { type: 'mlp', params: { hidden: [256, 128] } },
  cnn: { type: 'cnn', params: { filters: [16, 32], dense: 64 } },
  'cnn-bn': { type: 'cnn', params: { filters: [16, 32], dense: 64, batchNorm: true } },
  resnet: { type: 'resnet', params: {} },
};
const OPTIMIZERS: Record<string, Record<string, unknown>> = { sgd: { learningRate: 0.1 }, adam: { learningRate: 0.001 }, rmsprop: { learningRate: 0.001 } };

interface Entry {
  ms: number;
  calls: number;
}
const table = new Map<string, Entry>();
let recording = false;
let depth = 0;

/** Wraps the engine's kernel dispatch so every top-level kernel call is timed (wasm kernels are synchronous). */
function installTimer(): void {
  const engine = tf.engine() as unknown as {
    runKernelFunc: (p: { kernelName?: string; inputs: Record<string, tf.TensorInfo>; attrs?: Record<string, unknown> }) => unknown;
  };
  const original = engine.runKernelFunc.bind(engine);
  engine.runKernelFunc = (params) => {
    if (!recording || depth > 0) return original(params);
    depth++;
    const c0 = process.cpuUsage();
    try {
      return original(params);
    } finally {
      const c = process.cpuUsage(c0);
      const ms = (c.user + c.system) / 1000;
      depth--;
      const key = describeKernel(params.kernelName ?? '(custom op)', params.inputs, params.attrs ?? {});
      const e = table.get(key) ?? { ms: 0, calls: 0 };
      e.ms += ms;
      e.calls++;
      table.set(key, e);
    }
  };
}

function describeKernel(name: string, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>): string {
  const shapes = Object.values(inputs)
    .filter(Boolean)
    .map((t) => `[${t.shape.join(',')}]`)
    .join(' ');
  const bits: string[] = [];
  if (attrs.transposeA) bits.push('tA');
  if (attrs.transposeB) bits.push('tB');
  if (attrs.filterSize !== undefined) bits.push(`f${String(attrs.filterSize)}`);
  if (attrs.strides !== undefined && name.includes('Pool')) bits.push(`s${String(attrs.strides)}`);
  return `${name}${bits.length ? `{${bits.join(',')}}` : ''} ${shapes}`;
}

function build(archKey: string, optimizer: string, seed: number): tf.LayersModel {
  const a = ARCHS[archKey];
  const arch = registry.architectures[a.type];
  const opt = registry.optimizers[optimizer];
  let s = seed;
  const input = tf.input({ shape: [28, 28, 1] });
  const body = arch.build(tf, input, arch.params.parse(a.params), { inputShape: [28, 28, 1], kind: 'image', nextSeed: () => s++ });
  const out = tf.layers
    .dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) })
    .apply(body) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: opt.create(tf, opt.params.parse(OPTIMIZERS[optimizer] ?? {})), loss: 'categoricalCrossentropy' });
  return model;
}

async function main(): Promise<void> {
  const info = await setupBackend(args.backend as BackendRequest);
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  installTimer();
  const steps = Number(args.steps);
  const warmup = Number(args.warmup);
  const batch = Number(args.batch);
  const top = Number(args.top);
  console.log(`backend ${info.name} (tfjs ${info.tfjsVersion}); kernels added: ${info.fallbackKernels.join(', ') || 'none'}`);
  console.log(
    `${steps} training steps at batch ${batch} after ${warmup} warm-up; load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}\n`,
  );
  const rng = (() => {
    let x = 12345;
    return () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 2 ** 32;
    };
  })();
  const xs = tf.tensor4d(Float32Array.from({ length: batch * 784 }, rng), [batch, 28, 28, 1]);
  const ys = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, () => Math.floor(rng() * 10)),
        'int32',
      ),
      10,
    )
    .cast('float32');
  for (const archKey of args.arch.split(',')) {
    if (!ARCHS[archKey]) {
      console.error(`unknown --arch '${archKey}' (known: ${Object.keys(ARCHS).join(', ')})`);
      process.exit(2);
    }
    for (const optimizer of args.optimizers.split(',')) {
      const model = build(archKey, optimizer, 7);
      for (let i = 0; i < warmup; i++) await model.trainOnBatch(xs, ys);
      table.clear();
      recording = true;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await model.trainOnBatch(xs, ys);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      recording = false;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const rows = [...table.entries()].sort((p, q) => q[1].ms - p[1].ms);
      const inKernels = rows.reduce((acc, [, e]) => acc + e.ms, 0);
      console.log(
        `${archKey} + ${optimizer}: ${(wall / steps).toFixed(2)} ms/step wall, ${((cpu.user + cpu.system) / 1000 / steps).toFixed(2)} ms/step CPU, ` +
          `${((batch * steps) / ((cpu.user + cpu.system) / 1e6)).toFixed(0)} samples/CPU-s; kernels ${((100 * inKernels) / cpuMs).toFixed(0)}% of CPU`,
      );
      for (const [key, e] of rows.slice(0, top)) {
        console.log(
          `  ${(e.ms / steps).toFixed(3).padStart(8)} ms/step ${((100 * e.ms) / cpuMs).toFixed(1).padStart(5)}%  ×${String(e.calls / steps).padEnd(3)} ${key}`,
        );
      }
      const rest = rows.slice(top).reduce((acc, [, e]) => acc + e.ms, 0);
      if (rows.length > top)
        console.log(
          `  ${(rest / steps).toFixed(3).padStart(8)} ms/step ${((100 * rest) / cpuMs).toFixed(1).padStart(5)}%  (${rows.length - top} more kernel kinds)`,
        );
      if (args['compare-native'] && info.name === 'wasm') {
        for (const k of REPLACED_KERNELS) useNativeWasmKernel(k, true);
        selectConvGradients('conv', 'conv');
        useFusedOptimizers(false);
        useSimdReluGradient(false);
        for (let i = 0; i < warmup; i++) await model.trainOnBatch(xs, ys);
        const n0 = process.cpuUsage();
        for (let i = 0; i < steps; i++) await model.trainOnBatch(xs, ys);
        const n = process.cpuUsage(n0);
        for (const k of REPLACED_KERNELS) useNativeWasmKernel(k, false);
        selectConvGradients('auto', 'conv');
        useFusedOptimizers(true);
        useSimdReluGradient(true);
        const nativeMs = (n.user + n.system) / 1000 / steps;
        console.log(
          `  with wasm's own kernels instead: ${nativeMs.toFixed(2)} ms/step CPU → divbench's are ${(nativeMs / (cpuMs / steps)).toFixed(2)}× faster`,
        );
      }
      console.log('');
      model.optimizer.dispose();
      model.dispose();
    }
  }
  tf.dispose([xs, ys]);
}

await main();
