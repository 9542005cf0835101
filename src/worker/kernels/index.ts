/**
 * Kernels that make training work (and fast) on tfjs 4.22's wasm backend, which lacks the
 * gradients of conv2d, depthwise conv2d and gather, and runs conv2d's input gradient as a naive
 * loop. Each is a composition of wasm's own fast kernels (see each file). Register after the
 * wasm backend is initialised: the Conv2DBackpropInput replacement keeps the original as its
 * fallback and reruns its setup.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { conv2DBackpropFilterAsConv, conv2DBackpropFilterAuto, conv2DBackpropFilterConfig, type Conv2DBackpropFilterArgs } from './conv2d-backprop-filter.js';
import { conv2DBackpropFilterIm2col } from './conv2d-backprop-filter-im2col.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';
import { untransposedMatMulConfig } from './batch-mat-mul.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { reduceLeadingConfig } from './reduce-leading.js';
import { tileConfig } from './tile.js';
import { useFusedOptimizers } from './fused-optimizers.js';
import { CHANNEL_KERNELS, channelBroadcastConfig } from './channel-broadcast.js';
import { useSimdReluGradient } from './relu-grad.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';

/** Human-readable description per kernel name, as recorded in `BackendInfo.fallbackKernels`. */
const ADDED: Array<[tfjs.KernelConfig, string]> = [
  [conv2DBackpropFilterConfig, 'Conv2DBackpropFilter (as im2col GEMM for ≤4 input channels, else as Conv2D)'],
  [depthwiseBackpropInputConfig, 'DepthwiseConv2dNativeBackpropInput (as DepthwiseConv2dNative)'],
  [depthwiseBackpropFilterConfig, 'DepthwiseConv2dNativeBackpropFilter (as StridedSlice·Multiply·Sum per tap)'],
  [unsortedSegmentSumConfig, 'UnsortedSegmentSum (scatter-add loop)'],
];

/**
 * Kernels wasm has but runs slowly on the training path, each replaced by a faster formulation
 * (measured by `scripts/profile-kernels.ts` and `npm run bench:backends`, checked against the cpu
 * backend in test/worker/kernels.test.ts). The native kernel is kept for `useNativeWasmKernel`.
 */
const REPLACED: Array<{ name: string; label: string; make: (native: tfjs.KernelConfig) => tfjs.KernelConfig }> = [
  { name: 'BatchMatMul', label: 'BatchMatMul (transposed operands as Transpose + XNNPACK MatMul)', make: (n) => untransposedMatMulConfig('BatchMatMul', n) },
  { name: '_FusedMatMul', label: '_FusedMatMul (transposed operands as Transpose + XNNPACK MatMul)', make: (n) => untransposedMatMulConfig('_FusedMatMul', n) },
  { name: 'MaxPoolGrad', label: 'MaxPoolGrad (one pass per window; 2×2/2 pools as WebAssembly SIMD, four channels at a time)', make: () => maxPoolGradConfig },
  {
    name: 'Sum',
    label: 'Sum over all axes but the last (float64 accumulators; WebAssembly SIMD for channels a multiple of 4)',
    make: (n) => reduceLeadingConfig('Sum', n),
  },
  {
    name: 'Mean',
    label: 'Mean over all axes but the last (float64 accumulators; WebAssembly SIMD for channels a multiple of 4)',
    make: (n) => reduceLeadingConfig('Mean', n),
  },
  ...Object.keys(CHANNEL_KERNELS).map((name) => ({
    name,
    label: `${name} with a per-channel operand (one WebAssembly SIMD pass; other shapes native)`,
    make: (n: tfjs.KernelConfig) => channelBroadcastConfig(name, n),
  })),
];
const natives = new Map<string, tfjs.KernelConfig>();

export interface WasmKernelOptions {
  /** Replace wasm's naive Conv2DBackpropInput by the convolution form (default true). */
  replaceConv2DBackpropInput?: boolean;
  /** Replace the slow native kernels listed in REPLACED (default true). */
  replaceSlowKernels?: boolean;
  /** Run Adam, RMSProp and SGD updates as one pass per variable (default true; fused-optimizers.ts). */
  fuseOptimizers?: boolean;
  /** Compute Relu's gradient as one SIMD pass on wasm (default true; relu-grad.ts). */
  simdReluGradient?: boolean;
}

let registered: string[] | undefined;
let nativeConv2DBackpropInput: tfjs.KernelConfig | undefined;

/**
 * Registers the missing training kernels for 'wasm' (idempotent) and returns what it registered
 * or patched, e.g. `['Conv2DBackpropFilter (as Conv2D)', …]`. A kernel that wasm already has
 * (a later tfjs) is left alone.
 */
export function registerWasmTrainingKernels(options: WasmKernelOptions = {}): string[] {
  if (registered !== undefined) return [...registered];
  const names: string[] = [];
  for (const [config, label] of ADDED) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) continue;
    tf.registerKernel(config);
    names.push(label);
  }
  if (tf.getKernel('Tile', 'wasm') !== undefined) tf.unregisterKernel('Tile', 'wasm');
  tf.registerKernel(tileConfig);
  names.push('Tile (block copies, replaces the element-wise wasm loop)');
  if (options.replaceConv2DBackpropInput ?? true) {
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    nativeConv2DBackpropInput = original;
    if (original !== undefined) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(conv2DBackpropInputConfig(original));
    names.push('Conv2DBackpropInput (as Conv2D, replaces the naive wasm loop)');
  }
  if (options.replaceSlowKernels ?? true) {
    for (const r of REPLACED) {
      const native = tf.getKernel(r.name, 'wasm');
      if (native === undefined) continue;
      natives.set(r.name, native);
      tf.unregisterKernel(r.name, 'wasm');
      tf.registerKernel(r.make(native));
      names.push(r.label);
    }
  }
  if (options.fuseOptimizers ?? true) {
    useFusedOptimizers(true);
    names.push('Adam, RMSProp and SGD updates (one pass per variable instead of 2–14 element-wise kernels)');
  }
  if (options.simdReluGradient ?? true) {
    useSimdReluGradient(true);
    names.push('Relu gradient (one SIMD pass instead of Step, Cast and Multiply)');
  }
  registered = names;
  return [...names];
}

/** Kernel names `useNativeWasmKernel` can switch. */
export const REPLACED_KERNELS: readonly string[] = REPLACED.map((r) => r.name);

/**
 * Switches one replaced kernel back to wasm's own (native = true) or to divbench's, for
 * benchmarks and tests. Call after `registerWasmTrainingKernels()`.
 */
export function useNativeWasmKernel(name: string, native: boolean): void {
  const r = REPLACED.find((k) => k.name === name);
  const original = natives.get(name);
  if (!r || !original) throw new Error(`no replaced wasm kernel '${name}' (replaced: ${[...natives.keys()].join(', ') || 'none'})`);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(native ? original : r.make(original));
}

export { useFusedOptimizers } from './fused-optimizers.js';
export { useSimdReluGradient } from './relu-grad.js';

export type FilterGradientVariant = 'auto' | 'conv' | 'im2col';
export type InputGradientVariant = 'conv' | 'native';
/** A filter-gradient formulation (benchmarks pass their own, scripts/kernels/). */
export type FilterGradientKernel = (b: BackendWasm, a: Conv2DBackpropFilterArgs) => Info;

const FILTER_VARIANTS: Record<FilterGradientVariant, FilterGradientKernel> = {
  auto: conv2DBackpropFilterAuto,
  conv: conv2DBackpropFilterAsConv,
  im2col: conv2DBackpropFilterIm2col,
};

/**
 * Swaps how the conv2d gradients are computed on wasm, for benchmarks (`npm run bench:backends`):
 * filter gradient as registered (`auto`: im2col GEMM for few input channels, else one Conv2D),
 * always one Conv2D, always im2col, or a benchmark's own kernel (scripts/kernels/: one MatMul per
 * tap, a plain loop); input gradient as
 * a Conv2D (default) or wasm's own naive kernel. Call after `registerWasmTrainingKernels()`.
 */
export function selectConvGradients(filter: FilterGradientVariant | FilterGradientKernel, input: InputGradientVariant): void {
  const impl = typeof filter === 'function' ? filter : FILTER_VARIANTS[filter];
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({
    ...conv2DBackpropFilterConfig,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, dy } = inputs as { x: Info; dy: Info };
      return impl(backend as BackendWasm, { x, dy, ...(attrs as unknown as Omit<Conv2DBackpropFilterArgs, 'x' | 'dy'>) });
    },
  });
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  if (input === 'native' && nativeConv2DBackpropInput === undefined) throw new Error('wasm has no native Conv2DBackpropInput to select');
  tf.registerKernel(input === 'native' ? nativeConv2DBackpropInput! : conv2DBackpropInputConfig(nativeConv2DBackpropInput));
}
