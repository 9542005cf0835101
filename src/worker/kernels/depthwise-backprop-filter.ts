/**
 * `DepthwiseConv2dNativeBackpropFilter` for wasm (missing in tfjs 4.22). Each channel has its own
 * filter, so there is no single convolution to hand to XNNPACK; per filter tap it is one strided
 * slice of the padded input, one broadcast multiply with `dy` and one sum over batch and space:
 *
 *   dW[i, j, c, k] = Σ_{n, r, q} xpad[n, r·s + i·d, q·s + j·d, c] · dy[n, r, q, c·m + k]
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, free, pad, reshape, sum, then, type Info } from './wasm-ops.js';

export interface DepthwiseBackpropFilterArgs {
  x: Info;
  dy: Info;
  filterShape: [number, number, number, number];
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function depthwiseBackpropFilter(backend: BackendWasm, a: DepthwiseBackpropFilterArgs): Info {
  const c = tf.backend_util.computeConv2DInfo(
    a.x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    a.dilations ?? 1,
    a.pad as 'valid',
    a.dimRoundingMode,
    true,
    'channelsLast',
  );
  const {
    batchSize: n,
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    outHeight: oh,
    outWidth: ow,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
  } = c;
  const [kh, kw, , m] = a.filterShape;
  const { top, left } = c.padInfo;
  const bottom = Math.max(0, (kh - 1) * dh + (oh - 1) * sh + 1 - h - top);
  const right = Math.max(0, (kw - 1) * dw + (ow - 1) * sw + 1 - w - left);
  const xp = pad(backend, a.x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
  const dy5 = reshape(backend, a.dy, [n, oh, ow, ci, m]);
  const taps: Info[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const r0 = i * dh;
      const c0 = j * dw;
      const patch = callKernel(
        backend,
        'StridedSlice',
        { x: xp },
        {
          begin: [0, r0, c0, 0],
          end: [n, r0 + (oh - 1) * sh + 1, c0 + (ow - 1) * sw + 1, ci],
          strides: [1, sh, sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        },
      );
      const p5 = then(backend, patch, (v) => reshape(backend, v, [n, oh, ow, ci, 1]));
      const prod = callKernel(backend, 'Multiply', { a: p5, b: dy5 });
      free(backend, p5);
      taps.push(then(backend, prod, (v) => sum(backend, v, [0, 1, 2]))); // [ci, m]
    }
  }
  free(backend, xp, dy5);
  const all = callKernel(backend, 'Pack', taps as unknown as Record<string, Info>, { axis: 0 });
  free(backend, ...taps);
  return then(backend, all, (v) => reshape(backend, v, [kh, kw, ci, m]));
}

export const depthwiseBackpropFilterConfig: tfjs.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: Info; dy: Info };
    return depthwiseBackpropFilter(backend as BackendWasm, { x, dy, ...(attrs as unknown as Omit<DepthwiseBackpropFilterArgs, 'x' | 'dy'>) });
  },
};
