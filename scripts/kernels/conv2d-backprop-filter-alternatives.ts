/**
 * Other ways to compute `Conv2DBackpropFilter` on wasm, kept (out of src/: divbench never runs
 * them) only so `npm run bench:backends` and the kernel tests can show why the registered ones win:
 * - `loop`: the plain filter-gradient fill (what tfjs's cpu backend does), in JS over the wasm heap;
 * - `taps`: one MatMul per filter tap: dW[kh, kw] = patch(kh, kw)ᵀ · dy, with the patch a strided
 *   slice of the padded input.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convInfoFor, type Conv2DBackpropFilterArgs } from '../../src/worker/kernels/conv2d-backprop-filter.js';
import { callKernel, free, pad, reshape, then, type Info } from '../../src/worker/kernels/wasm-ops.js';

export function conv2DBackpropFilterLoop(backend: BackendWasm, a: Conv2DBackpropFilterArgs): Info {
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
  } = c;
  const { top, left } = c.padInfo;
  const out = backend.makeOutput([kh, kw, ci, co], 'float32');
  // Views after the allocation: growing the heap detaches older views.
  const x = backend.typedArrayFromHeap(a.x) as Float32Array;
  const dy = backend.typedArrayFromHeap(a.dy) as Float32Array;
  const dw = backend.typedArrayFromHeap(out) as Float32Array;
  dw.fill(0);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const dyOff = ((b * oh + r) * ow + q) * co;
        for (let i = 0; i < kh; i++) {
          const xr = r * sh + i - top;
          if (xr < 0 || xr >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xc = q * sw + j - left;
            if (xc < 0 || xc >= w) continue;
            const xOff = ((b * h + xr) * w + xc) * ci;
            const wOff = (i * kw + j) * ci * co;
            for (let k = 0; k < ci; k++) {
              const xv = x[xOff + k];
              const base = wOff + k * co;
              for (let m = 0; m < co; m++) dw[base + m] += xv * dy[dyOff + m];
            }
          }
        }
      }
    }
  }
  return out;
}

export function conv2DBackpropFilterTaps(backend: BackendWasm, a: Conv2DBackpropFilterArgs): Info {
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
  } = c;
  const { top, left } = c.padInfo;
  const bottom = Math.max(0, kh + (oh - 1) * sh - h - top);
  const right = Math.max(0, kw + (ow - 1) * sw - w - left);
  const xp = pad(backend, a.x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
  const dy2 = reshape(backend, a.dy, [n * oh * ow, co]);
  const taps: Info[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const patch = callKernel(
        backend,
        'StridedSlice',
        { x: xp },
        {
          begin: [0, i, j, 0],
          end: [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, ci],
          strides: [1, sh, sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        },
      );
      const p2 = then(backend, patch, (v) => reshape(backend, v, [1, n * oh * ow, ci]));
      const d3 = reshape(backend, dy2, [1, n * oh * ow, co]);
      const g = callKernel(backend, 'BatchMatMul', { a: p2, b: d3 }, { transposeA: true, transposeB: false });
      free(backend, p2, d3);
      taps.push(then(backend, g, (v) => reshape(backend, v, [1, ci, co])));
    }
  }
  free(backend, xp, dy2);
  const all = callKernel(backend, 'Concat', taps as unknown as Record<string, Info>, { axis: 0 });
  free(backend, ...taps);
  return then(backend, all, (v) => reshape(backend, v, [kh, kw, ci, co]));
}
