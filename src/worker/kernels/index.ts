/**
 * Kernels that make training work (and fast) on tfjs 4.22's wasm backend, which lacks the
 * gradients of conv2d, depthwise conv2d and gather, and runs conv2d's input gradient as a naive
 * loop. Each is a composition of wasm's own fast kernels (see each file). Register after the
 * wasm backend is initialised: the Conv2DBackpropInput replacement keeps the original as its
 * fallback and reruns its setup.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

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
  if (options.replaceConv2DBackpropInput ?? true) {
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    if (original !== undefined) tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(conv2DBackpropInputConfig(original));
    names.push('Conv2DBackpropInput (as Conv2D, replaces the naive wasm loop)');
  }
  registered = names;
  return [...names];
}
