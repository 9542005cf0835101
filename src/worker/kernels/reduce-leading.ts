/**
 * `Sum` and `Mean` over all axes but the last (per-channel reductions: every conv/dense bias
 * gradient, BatchNormalization's moments and gradients) for wasm over typed arrays. tfjs 4.22's
 * wasm kernels first transpose the input so that the reduced axes are innermost (a full strided
 * copy) and then reduce; here strided passes add each channel into float64 accumulators (as
 * the cpu backend accumulates in doubles), so the result is at least as accurate. Every other
 * axis set, keepDims aside, goes to the native kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';
import { heapOffset } from './heap.js';
import { sumFunctions } from './reduce-leading-wasm.js';

/** True when `axis` (possibly negative, any order) is exactly 0..rank-2. */
export function isLeadingAxes(axis: number | number[] | undefined, rank: number): boolean {
  if (axis === undefined || rank < 2) return false;
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  if (list.length !== rank - 1) return false;
  const seen = new Set(list);
  for (let i = 0; i < rank - 1; i++) if (!seen.has(i)) return false;
  return true;
}

export function reduceLeading(backend: BackendWasm, x: Info, mean: boolean, keepDims: boolean): Info {
  const r = x.shape.length;
  const c = x.shape[r - 1];
  const outShape = keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c];
  const out = backend.makeOutput(outShape, 'float32');
  const n = x.shape.reduce((p, d) => p * d, 1);
  const rows = c === 0 ? 0 : n / c;
  const fns = rows > 0 && c % 4 === 0 ? sumFunctions(backend) : null;
  if (fns !== null) {
    // The SIMD sums (reduce-leading-wasm.ts): the widest channel block that divides c.
    const f = c % 16 === 0 ? fns.sum16 : c % 8 === 0 ? fns.sum8 : fns.sum4;
    f(heapOffset(backend, x), heapOffset(backend, out), rows, c * 4, mean ? 1 : 0);
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const put = (j: number, s: number) => {
    dst[j] = mean ? s / rows : s;
  };
  // Four channels per pass with independent accumulators (measured 3–4× faster than one
  // accumulator array updated row by row); the remainder one channel at a time.
  let j = 0;
  for (; j + 4 <= c; j += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let o = j; o < n; o += c) {
      s0 += src[o];
      s1 += src[o + 1];
      s2 += src[o + 2];
      s3 += src[o + 3];
    }
    put(j, s0);
    put(j + 1, s1);
    put(j + 2, s2);
    put(j + 3, s3);
  }
  for (; j < c; j++) {
    let s0 = 0;
    for (let o = j; o < n; o += c) s0 += src[o];
    put(j, s0);
  }
  return out;
}

export function reduceLeadingConfig(kernelName: 'Sum' | 'Mean', native: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: Info };
      const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
      if (x.dtype !== 'float32' || !isLeadingAxes(axis, x.shape.length)) return native.kernelFunc(args);
      return reduceLeading(args.backend as BackendWasm, x, kernelName === 'Mean', keepDims);
    },
  };
}
