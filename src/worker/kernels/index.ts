/**
 * Kernels that make training work (and fast) on tfjs 4.22's wasm backend, which lacks the
 * gradients of conv2d, depthwise conv2d and gather, and runs conv2d's input gradient as a naive
 * loop. Each is a composition of wasm's own fast kernels (see each file). Register after the
 * wasm backend is initialised: the Conv2DBackpropInput replacement keeps the original as its
 * fallback and reruns its setup.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterAsConv, conv2DBackpropFilterConfig, type Conv2DBackpropFilterArgs } from './conv2d-backprop-filter.js';
import { conv2DBackpropFilterLoop, conv2DBackpropFilterTaps } from './conv2d-backprop-filter-alternatives.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { tileConfig } from './tile.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';

/** Human-readable description per kernel name, as recorded in `BackendInfo.fallbackKernels`. */
const ADDED: Array<[tf.KernelConfig, string]> = [
  [conv2DBackpropFilterConfig, 'Conv2DBackpropFilter (as Conv2D)'],
  [depthwiseBackpropInputConfig, 'DepthwiseConv2dNativeBackpropInput (as DepthwiseConv2dNative)'],
  [depthwiseBackpropFilterConfig, 'DepthwiseConv2dNativeBackpropFilter (as StridedSlice·Multiply·Sum per tap)'],
  [unsortedSegmentSumConfig, 'UnsortedSegmentSum (scatter-add loop)'],
];

export interface WasmKernelOptions {
  /** Replace wasm's naive Conv2DBackpropInput by the convolution form (default true). */
  replaceConv2DBackpropInput?: boolean;
}

let registered: string[] | undefined;
let nativeConv2DBackpropInput: tf.KernelConfig | undefined;

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
  registered = names;
  return [...names];
}

export type FilterGradientVariant = 'conv' | 'taps' | 'loop';
export type InputGradientVariant = 'conv' | 'native';

const FILTER_VARIANTS: Record<FilterGradientVariant, (b: BackendWasm, a: Conv2DBackpropFilterArgs) => Info> = {
  conv: conv2DBackpropFilterAsConv,
  taps: conv2DBackpropFilterTaps,
  loop: conv2DBackpropFilterLoop,
};

/**
 * Swaps how the conv2d gradients are computed on wasm, for benchmarks (`npm run bench:backends`):
 * filter gradient as one Conv2D (default), one MatMul per tap, or a plain loop; input gradient as
 * a Conv2D (default) or wasm's own naive kernel. Call after `registerWasmTrainingKernels()`.
 */
export function selectConvGradients(filter: FilterGradientVariant, input: InputGradientVariant): void {
  const impl = FILTER_VARIANTS[filter];
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
