/**
 * `npm run bench:backends`: training and inference samples/s of an MLP (784-256-128-10, relu) and
 * a 2-conv CNN (conv32-pool-conv64-pool-dense128-10) at batch 128 on 10k Fashion-MNIST images,
 * for every backend available here (tensorflow when tfjs-node-gpu is installed, webgpu when Dawn
 * finds an adapter — a software one such as Mesa's llvmpipe is flagged `webgpu(sw)` — wasm, cpu), with
 * the ratio to PyTorch 1.13 on the same machine. Then, on wasm, how each way of computing the
 * conv2d gradients changes CNN training speed, and each gradient kernel on its own.
 *
 * Training: wall time of `trainOnBatch` over a fixed number of batches after a warm-up, repeated;
 * the median is reported (2 shared cores: figures are noisy). Inference: tinybench, one batch.
 *
 *   tsx scripts/bench-backends.ts [--backends webgpu,wasm,cpu] [--repeats 3] [--batches 79] [--quick]
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Bench } from 'tinybench';
import { setupBackend, type BackendInfo, type BackendName } from '../src/worker/backend.js';
import { selectConvGradients, type FilterGradientKernel, type FilterGradientVariant, type InputGradientVariant } from '../src/worker/kernels/index.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from './kernels/conv2d-backprop-filter-alternatives.js';
import { loadImages, type Images } from './bench-backends-data.js';
import { kernelTimings } from './bench-backends-kernels.js';
import { addPredictTask } from '../src/worker/predict-task.js';
import { buildArchitecture, EXTRA_ARCHITECTURES } from './bench-backends-architectures.js';
import { scriptArgs } from './script-args.js';

const BATCH = 128;
const PYTORCH = { mlp: 24_000, cnn: 2_400 } as const; // PyTorch 1.13 on this 2-core machine (issue 2)
type ModelName = keyof typeof PYTORCH | keyof typeof EXTRA_ARCHITECTURES;

const args = scriptArgs(
  'usage: npm run bench:backends -- [options]\ntraining and inference samples/s per backend (MLP, CNN, extra architectures), then the conv-gradient variants on wasm',
  {
    backends: { type: 'string', default: 'tensorflow,webgpu,wasm,cpu' },
    repeats: { type: 'string', default: '3' },
    batches: { type: 'string', default: '79' }, // one epoch of 10k images at batch 128
    'cpu-batches': { type: 'string', default: '8' },
    'cpu-cnn-batches': { type: 'string', default: '1' },
    'variant-batches': { type: 'string', default: '8' },
    'no-variants': { type: 'boolean', default: false },
    architectures: { type: 'string', default: Object.keys(EXTRA_ARCHITECTURES).join(',') }, // '' for none
    'arch-batches': { type: 'string', default: '8' },
    quick: { type: 'boolean', default: false },
  },
);
const quick = args.quick;
const REPEATS = quick ? 1 : Number(args.repeats);
const num = (s: string, q: number) => (quick ? q : Number(s));

function buildModel(name: ModelName, seed: number): tf.LayersModel {
  let s = seed;
  const init = () => tf.initializers.glorotUniform({ seed: s++ });
  const L = tf.layers;
  const input = tf.input({ shape: [28, 28, 1] });
  let x: tf.SymbolicTensor = input;
  if (name === 'mlp') {
    x = L.flatten().apply(x) as tf.SymbolicTensor;
    for (const units of [256, 128]) x = L.dense({ units, activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  } else {
    for (const filters of [32, 64]) {
      x = L.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
      x = L.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
    }
    x = L.flatten().apply(x) as tf.SymbolicTensor;
    x = L.dense({ units: 128, activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  }
  const out = L.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

interface TrainResult {
  /** Per repeat: samples / wall second. */
  samplesPerSec: number[];
  /** Per repeat: samples / CPU second of this process — steadier when other processes share the cores. */
  samplesPerCpuSec: number[];
  batches: number;
}

/** samples/s per repeat, each over `batches` consecutive batches, after `warmup` batches. */
async function measureTraining(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor1D,
  batches: number,
  repeats: number,
  warmup: number,
): Promise<TrainResult> {
  const nBatches = Math.floor(xs.shape[0] / BATCH);
  let next = 0;
  const step = async () => {
    const i = next++ % nBatches;
    const [xb, yb] = tf.tidy(() => [xs.slice(i * BATCH, BATCH), ys.slice(i * BATCH, BATCH)]);
    await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
  };
  for (let i = 0; i < warmup; i++) await step();
  const samplesPerSec: number[] = [];
  const samplesPerCpuSec: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let b = 0; b < batches; b++) await step();
    const cpu = process.cpuUsage(c0);
    samplesPerSec.push((batches * BATCH) / ((performance.now() - t0) / 1000));
    samplesPerCpuSec.push((batches * BATCH) / ((cpu.user + cpu.system) / 1e6));
  }
  return { samplesPerSec, samplesPerCpuSec, batches };
}

async function measureInference(model: tf.LayersModel, xs: tf.Tensor4D, minIterations: number): Promise<{ samplesPerSec: number; rme: number }> {
  const xb = xs.slice(0, BATCH);
  const bench = new Bench({ time: quick ? 300 : 1500, iterations: minIterations, warmup: true, warmupIterations: 2, warmupTime: 0 });
  addPredictTask(bench, model, xb);
  await bench.run();
  xb.dispose();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`inference benchmark ${r.state}`);
  return { samplesPerSec: BATCH / (r.latency.p50! / 1000), rme: r.latency.rme };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
const fmt = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)}k` : v.toFixed(v >= 100 ? 0 : 1));
const spread = (v: number[]) => (v.length > 1 ? ` [${fmt(Math.min(...v))}–${fmt(Math.max(...v))}]` : '');

interface Row {
  backend: string;
  model: ModelName;
  train?: TrainResult;
  infer?: { samplesPerSec: number; rme: number };
  note: string;
}

async function benchBackend(name: BackendName, data: Images): Promise<{ info?: BackendInfo; rows: Row[]; reason?: string }> {
  let info: BackendInfo;
  try {
    info = await setupBackend(name);
  } catch (e) {
    return { rows: [], reason: (e as Error).message.split('. Fix:')[0] };
  }
  const xs = tf.tensor4d(data.x, [data.n, 28, 28, 1]);
  const ys = tf.tensor1d(data.y, 'float32');
  const rows: Row[] = [];
  // A software WebGPU adapter (llvmpipe) is a CPU rasterizer: label its rows so nobody reads them as GPU figures.
  const label = name === 'webgpu' && info.adapter?.software ? 'webgpu(sw)' : name;
  const extra = args.architectures
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s in EXTRA_ARCHITECTURES);
  for (const model of ['mlp', 'cnn', ...extra] as ModelName[]) {
    const isExtra = model !== 'mlp' && model !== 'cnn';
    if (isExtra && name === 'cpu' && model === 'densenet') continue; // cpu conv gradients: minutes per DenseNet batch
    const m = model === 'mlp' || model === 'cnn' ? buildModel(model, 42) : buildArchitecture(model, 42);
    let batches = isExtra ? num(args['arch-batches'], 3) : num(args.batches, 10);
    let warmup = isExtra ? 2 : 5;
    let repeats = REPEATS;
    let note = `${batches} batches × ${repeats}, after ${warmup} warm-up`;
    if (name === 'cpu') {
      // The cpu backend's conv gradients take about a minute per batch: measure one batch, once.
      batches = model === 'cnn' ? Number(args['cpu-cnn-batches']) : isExtra ? 1 : num(args['cpu-batches'], 3);
      warmup = model === 'cnn' || isExtra ? 0 : 1;
      repeats = model === 'cnn' || isExtra ? 1 : REPEATS;
      note = `cpu capped: ${batches} batch${batches > 1 ? 'es' : ''} × ${repeats}${warmup ? `, ${warmup} warm-up` : ', no warm-up'}`;
    } else if (label === 'webgpu(sw)') {
      batches = num(args['cpu-batches'], 3);
      warmup = 2;
      note = `software adapter capped: ${batches} batches × ${repeats}, ${warmup} warm-up`;
    }
    process.stderr.write(`  ${name} ${model}: training (${note})…\n`);
    const train = await measureTraining(m, xs, ys, batches, repeats, warmup);
    process.stderr.write(`  ${name} ${model}: inference…\n`);
    const infer = await measureInference(m, xs, name === 'cpu' && model === 'cnn' ? 3 : 10);
    rows.push({ backend: label, model, train, infer, note });
    m.dispose();
  }
  tf.dispose([xs, ys]);
  return { info, rows };
}

async function benchGradientVariants(data: Images): Promise<void> {
  await setupBackend('wasm');
  const xs = tf.tensor4d(data.x, [data.n, 28, 28, 1]);
  const ys = tf.tensor1d(data.y, 'float32');
  const batches = num(args['variant-batches'], 5);
  const variants: Array<[string, FilterGradientVariant | FilterGradientKernel, InputGradientVariant, string]> = [
    ['auto', 'auto', 'conv', 'registered: filter as im2col GEMM (≤4 input channels) or Conv2D, input as Conv2D'],
    ['conv', 'conv', 'conv', 'both as XNNPACK Conv2D'],
    ['auto', 'auto', 'native', "filter as registered, input by wasm's naive kernel"],
    ['taps', conv2DBackpropFilterTaps, 'conv', 'filter as one MatMul per tap, input as Conv2D'],
    ['loop', conv2DBackpropFilterLoop, 'conv', 'filter by a plain loop, input as Conv2D'],
  ];
  console.log(`\nCNN training on wasm by conv2d gradient formulation (${batches} batches × ${REPEATS}, median):`);
  const vw = [11, 10, 22, 13, 13, 0];
  console.log(pad(['filter grad', 'input grad', 'train samples/s', 'per cpu-s', 'vs registered', 'what'], vw));
  let base = 0;
  for (const [filter, kernel, input, what] of variants) {
    selectConvGradients(kernel, input);
    const m = buildModel('cnn', 42);
    const r = await measureTraining(m, xs, ys, batches, REPEATS, 3);
    m.dispose();
    const med = median(r.samplesPerSec);
    const cpu = median(r.samplesPerCpuSec);
    if (!base) base = cpu;
    console.log(pad([filter, input, `${fmt(med)}${spread(r.samplesPerSec)}`, fmt(cpu), `${(cpu / base).toFixed(2)}× (cpu-s)`, what], vw));
  }
  selectConvGradients('auto', 'conv');
  tf.dispose([xs, ys]);
  console.log('\nEach conv2d gradient kernel of that CNN alone on wasm (batch 128; tinybench median latency):');
  for (const line of await kernelTimings(quick)) console.log(line);
}

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (widths[i] ? c.padEnd(widths[i]) : c))
    .join('  ')
    .trimEnd();
}

async function main(): Promise<void> {
  const data = await loadImages(resolve(import.meta.dirname, '..'));
  console.log(`Fashion-MNIST: ${data.n} images from ${data.source}; batch ${BATCH}; Node ${process.version}; tfjs ${tf.version.tfjs}`);
  const all: Row[] = [];
  const notes: string[] = [];
  for (const name of args.backends.split(',').map((s) => s.trim()) as BackendName[]) {
    process.stderr.write(`${name}…\n`);
    const r = await benchBackend(name, data);
    if (r.reason) notes.push(`${name}: unavailable (${r.reason})`);
    if (r.info?.adapter) {
      const a = r.info.adapter;
      notes.push(
        `${name}: adapter ${a.name} via Dawn ${a.dawnBackend} (${a.featureLevel}); vendor '${a.vendor}', architecture '${a.architecture}', description '${a.description}'` +
          (a.software ? ` — SOFTWARE adapter (${a.classifiedBy}): a CPU rasterizer, not a GPU figure` : ''),
      );
    } else if (r.info) notes.push(`${name}: ${r.info.device ? `device ${r.info.device}; ` : ''}kernels added: ${r.info.fallbackKernels.join(', ') || 'none'}`);
    all.push(...r.rows);
  }
  console.log('\nTraining and inference samples/s (train: median of repeats [min–max], and per CPU-second of this process,');
  console.log('which is what one free core gives when other processes share the machine; inference: tinybench median ± rme):');
  const w = [10, 5, 22, 10, 15, 18, 0];
  console.log(pad(['backend', 'model', 'train samples/s', 'per cpu-s', 'cpu-s/PyTorch', 'infer samples/s', 'train measured over'], w));
  for (const r of all) {
    const med = median(r.train!.samplesPerSec);
    const cpu = median(r.train!.samplesPerCpuSec);
    console.log(
      pad(
        [
          r.backend,
          r.model,
          `${fmt(med)}${spread(r.train!.samplesPerSec)}`,
          fmt(cpu),
          r.model in PYTORCH ? `${(cpu / PYTORCH[r.model as keyof typeof PYTORCH]).toFixed(3)}×` : '—',
          `${fmt(r.infer!.samplesPerSec)} ±${r.infer!.rme.toFixed(1)}%`,
          r.note,
        ],
        w,
      ),
    );
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  console.log(
    `\nPyTorch 1.13 on this 2-core machine trains the MLP at ~${fmt(PYTORCH.mlp)} and the CNN at ~${fmt(PYTORCH.cnn)} samples/s. ` +
      'Every tfjs backend here uses one core (wasm has no threads under Node); run two cells in parallel for the second.',
  );
  for (const n of notes) console.log(`  ${n}`);
  if (!args['no-variants'] && all.some((r) => r.backend === 'wasm')) await benchGradientVariants(data);
}

await main();
