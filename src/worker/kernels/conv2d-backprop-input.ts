/**
 * `Conv2DBackpropInput` for wasm as an XNNPACK convolution, replacing wasm's own kernel (a naive
 * loop, several times slower). The input gradient of a stride-s conv is a stride-1 conv of the
 * zero-upsampled `dy` with the filter rotated by 180° and its in/out channels swapped:
 *
 *   dx = conv2d(upsample_s(dy), reverse_hw(W)ᵀ, pad top = kh-1-padTop, …), cropped to x's shape.
 *
 * Cases it cannot express (padding larger than the filter, NCHW) go to the original kernel.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2d, free, reverse, slice, then, transpose, upsample, type Info, type Pad4 } from './wasm-ops.js';

export interface Conv2DBackpropInputArgs {
  dy: Info;
  filter: Info;
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/** Returns undefined when the case is not expressible as a convolution here. */
export function conv2DBackpropInputAsConv(backend: BackendWasm, a: Conv2DBackpropInputArgs): Info | undefined {
  if (a.dataFormat === 'NCHW') return undefined;
  const c = tf.backend_util.computeConv2DInfo(
    a.inputShape,
    a.filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad as 'valid',
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = c;
  const top = kh - 1 - c.padInfo.top;
  const left = kw - 1 - c.padInfo.left;
  if (top < 0 || left < 0) return undefined;
  const dyU = upsample(backend, a.dy, sh, sw); // [n, oh·sh, ow·sw, co]
  const [, uh, uw] = dyU.shape;
  const bottom = Math.max(0, h - uh - top + kh - 1);
  const right = Math.max(0, w - uw - left + kw - 1);
  const rotated = reverse(backend, a.filter, [0, 1]);
  const wT = then(backend, rotated, (v) => transpose(backend, v, [0, 1, 3, 2])); // [kh, kw, co, ci]
  const pads: Pad4 = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const dx = conv2d(backend, dyU, wT, pads, [1, 1]);
  free(backend, dyU, wT);
  if (dx.shape[1] === h && dx.shape[2] === w) return dx;
  return then(backend, dx, (v) => slice(backend, v, [0, 0, 0, 0], [n, h, w, ci]));
}

/** Wraps the original wasm kernel (kept as the fallback) in a config that tries the conv first. */
export function conv2DBackpropInputConfig(original: tfjs.KernelConfig | undefined): tfjs.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    setupFunc: original?.setupFunc,
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: Info; filter: Info };
      const attrs = args.attrs as unknown as Omit<Conv2DBackpropInputArgs, 'dy' | 'filter'>;
      const out = conv2DBackpropInputAsConv(args.backend as BackendWasm, { dy, filter, ...attrs });
      if (out !== undefined) return out;
      if (original === undefined) throw new Error('divbench wasm Conv2DBackpropInput: unsupported case and no original kernel');
      return original.kernelFunc(args);
    },
  };
}
