/**
 * `Conv2DBackpropFilter` for wasm (tfjs 4.22's wasm backend has none, so any trainable conv2d
 * fails there). The filter gradient is itself a convolution, which wasm runs with XNNPACK:
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} xpad[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
 *
 * Taking `ci` as the batch, `n` as the input channel and `dy` as the filter gives
 * conv2d(transpose(x → [ci, h, w, n]), transpose(dy → [oh, ow, n, co]), stride 1, dilation s)
 * = [ci, kh, kw, co], transposed back to [kh, kw, ci, co]. Rows of x the gradient never reads
 * (valid padding with a stride that does not divide) are sliced off first.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convInfoFor, type Conv2DBackpropFilterArgs } from './conv2d-backprop-filter-args.js';
import { conv2DBackpropFilterIm2col } from './conv2d-backprop-filter-im2col.js';

export { convInfoFor, type Conv2DBackpropFilterArgs };
import { conv2d, free, slice, then, transpose, type Info, type Pad4 } from './wasm-ops.js';

/** The filter gradient as one XNNPACK convolution (see the file comment). */
export function conv2DBackpropFilterAsConv(backend: BackendWasm, a: Conv2DBackpropFilterArgs): Info {
  const c = convInfoFor(a);
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = c;
  const { top, left } = c.padInfo;
  // Padded extent the gradient reads: kh + (oh-1)·s for the last tap.
  const needH = c.filterHeight + (oh - 1) * sh;
  const needW = c.filterWidth + (ow - 1) * sw;
  const bottom = needH - h - top;
  const right = needW - w - left;
  let xT = transpose(backend, a.x, [3, 1, 2, 0]); // [ci, h, w, n]
  if (bottom < 0 || right < 0) {
    const [ci, , , n] = xT.shape;
    xT = then(backend, xT, (v) => slice(backend, v, [0, 0, 0, 0], [ci, h + Math.min(0, bottom), w + Math.min(0, right), n]));
  }
  const dyT = transpose(backend, a.dy, [1, 2, 0, 3]); // [oh, ow, n, co]
  const pads: Pad4 = [
    [0, 0],
    [top, Math.max(0, bottom)],
    [left, Math.max(0, right)],
    [0, 0],
  ];
  const g = conv2d(backend, xT, dyT, pads, [sh, sw]); // [ci, kh, kw, co]
  free(backend, xT, dyT);
  return then(backend, g, (v) => transpose(backend, v, [1, 2, 0, 3]));
}

/**
 * At most this many input channels: the im2col GEMM (./conv2d-backprop-filter-im2col.ts), which
 * `bench:backends` measured 4× faster on a 1-channel first layer and slower from 32 channels on.
 */
export const IM2COL_MAX_IN_CHANNELS = 4;

/** The registered choice: im2col for few input channels, otherwise the single convolution. */
export function conv2DBackpropFilterAuto(backend: BackendWasm, a: Conv2DBackpropFilterArgs): Info {
  const ci = a.x.shape[a.dataFormat === 'NCHW' ? 1 : 3];
  return ci <= IM2COL_MAX_IN_CHANNELS ? conv2DBackpropFilterIm2col(backend, a) : conv2DBackpropFilterAsConv(backend, a);
}

export const conv2DBackpropFilterConfig: tfjs.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: Info; dy: Info };
    return conv2DBackpropFilterAuto(backend as BackendWasm, { x, dy, ...(attrs as unknown as Omit<Conv2DBackpropFilterArgs, 'x' | 'dy'>) });
  },
};
