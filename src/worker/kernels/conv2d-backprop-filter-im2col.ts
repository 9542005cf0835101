/**
 * `Conv2DBackpropFilter` as one GEMM over the transposed patch matrix (im2col):
 *
 *   dW[(kh, kw, ci), co] = Σ_{n, oh, ow} Pᵀ[(kh, kw, ci), (n, oh, ow)] · dy[(n, oh, ow), co]
 *
 * with Pᵀ[(i, j, k), (b, r, q)] = x[b, r·sh + i − top, q·sw + j − left, k] (0 outside x), built
 * in one pass over typed arrays, and the product on wasm's XNNPACK MatMul (no transposed operand,
 * so the fast path). For few input channels (the first conv of an image network: ci = 1 or 3)
 * the single-conv formulation (./conv2d-backprop-filter.ts) hands XNNPACK a huge 28×28 "filter"
 * and a 3×3 output, which it runs slowly; this form has a small patch matrix and one dense GEMM.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convInfoFor, type Conv2DBackpropFilterArgs } from './conv2d-backprop-filter-args.js';
import { callKernel, free, reshape, then, type Info } from './wasm-ops.js';

export function conv2DBackpropFilterIm2col(backend: BackendWasm, a: Conv2DBackpropFilterArgs): Info {
  const c = convInfoFor(a);
  const {
    batchSize: n,
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    outHeight: oh,
    outWidth: ow,
    outChannels: co,
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
  } = c;
  const { top, left } = c.padInfo;
  const cols = n * oh * ow;
  const pT = backend.makeOutput([kh * kw * ci, cols], 'float32');
  const x = backend.typedArrayFromHeap(a.x) as Float32Array;
  const p = backend.typedArrayFromHeap(pT) as Float32Array;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let k = 0; k < ci; k++) {
        const row = ((i * kw + j) * ci + k) * cols;
        let o = row;
        for (let b = 0; b < n; b++) {
          for (let r = 0; r < oh; r++) {
            const xr = r * sh + i * dh - top;
            if (xr < 0 || xr >= h) {
              p.fill(0, o, o + ow);
              o += ow;
              continue;
            }
            const base = (b * h + xr) * w;
            // Columns q whose input column xc = q·sw + j·dw − left lies inside x: [qLo, qHi).
            const qLo = Math.min(ow, Math.max(0, Math.ceil((left - j * dw) / sw)));
            const qHi = Math.max(qLo, Math.min(ow, Math.floor((w - 1 + left - j * dw) / sw) + 1));
            if (qLo > 0) p.fill(0, o, o + qLo);
            const x0 = qLo * sw + j * dw - left;
            if (ci === 1 && sw === 1) {
              // One contiguous run of x (the first conv of a grey-scale image network).
              p.set(x.subarray(base + x0, base + x0 + (qHi - qLo)), o + qLo);
            } else {
              for (let q = qLo, src = (base + x0) * ci + k, dst = o + qLo; q < qHi; q++, src += sw * ci) p[dst++] = x[src];
            }
            if (qHi < ow) p.fill(0, o + qHi, o + ow);
            o += ow;
          }
        }
      }
    }
  }
  const dy2 = reshape(backend, a.dy, [cols, co]);
  const g = callKernel(backend, 'BatchMatMul', { a: pT, b: dy2 }, { transposeA: false, transposeB: false });
  free(backend, pT, dy2);
  return then(backend, g, (v) => reshape(backend, v, [kh, kw, ci, co]));
}
