/**
 * `DepthwiseConv2dNativeBackpropInput` for wasm (missing in tfjs 4.22). Like the dense case, the
 * input gradient is a stride-1 depthwise convolution of the zero-upsampled `dy` with the filter
 * rotated by 180°; with a channel multiplier m > 1 each input channel then sums its m outputs.
 *
 *   dx[.., c] = Σ_j depthwise(upsample_s(dy), reverse_hw(W) as [kh, kw, c·m, 1])[.., c·m + j]
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { depthwiseConv2d, free, reshape, reverse, slice, sum, then, upsample, type Info, type Pad4 } from './wasm-ops.js';

export interface DepthwiseBackpropInputArgs {
  dy: Info;
  filter: Info;
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function depthwiseBackpropInput(backend: BackendWasm, a: DepthwiseBackpropInputArgs): Info {
  const fShape = a.filter.shape as [number, number, number, number];
  const c = tf.backend_util.computeConv2DInfo(a.inputShape, fShape, a.strides, a.dilations ?? 1, a.pad as 'valid', a.dimRoundingMode, true, 'channelsLast');
  const {
    batchSize: n,
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    effectiveFilterHeight: ekh,
    effectiveFilterWidth: ekw,
  } = c;
  const [kh, kw, , m] = fShape;
  const top = ekh - 1 - c.padInfo.top;
  const left = ekw - 1 - c.padInfo.left;
  if (top < 0 || left < 0) throw new Error('divbench wasm DepthwiseConv2dNativeBackpropInput: padding larger than the filter is not supported');
  const dyU = upsample(backend, a.dy, sh, sw); // [n, oh·sh, ow·sw, ci·m]
  const [, uh, uw] = dyU.shape;
  const pads: Pad4 = [
    [0, 0],
    [top, Math.max(0, h - uh - top + ekh - 1)],
    [left, Math.max(0, w - uw - left + ekw - 1)],
    [0, 0],
  ];
  const rotated = reverse(backend, a.filter, [0, 1]);
  const f = then(backend, rotated, (v) => reshape(backend, v, [kh, kw, ci * m, 1]));
  let dx = depthwiseConv2d(backend, dyU, f, pads, [dh, dw]); // [n, h', w', ci·m]
  free(backend, dyU, f);
  const [, oh2, ow2] = dx.shape;
  if (m > 1) {
    dx = then(backend, dx, (v) => reshape(backend, v, [n, oh2, ow2, ci, m]));
    dx = then(backend, dx, (v) => sum(backend, v, [4]));
  }
  if (oh2 === h && ow2 === w) return dx;
  return then(backend, dx, (v) => slice(backend, v, [0, 0, 0, 0], [n, h, w, ci]));
}

export const depthwiseBackpropInputConfig: tfjs.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { dy, filter } = inputs as { dy: Info; filter: Info };
    return depthwiseBackpropInput(backend as BackendWasm, { dy, filter, ...(attrs as unknown as Omit<DepthwiseBackpropInputArgs, 'dy' | 'filter'>) });
  },
};
