/**
 * `BatchMatMul` and `_FusedMatMul` for wasm with transposed operands. tfjs 4.22's wasm kernels
 * send any transposed operand (every dense layer's two weight/input gradients) to a naive
 * triple loop, 8–15× slower than the XNNPACK GEMM they use without transposes (measured by
 * `npm run bench:backends` and `scripts/profile-kernels.ts`). Here a transposed operand is first
 * materialised by wasm's Transpose (one memory pass) and the product runs on the fast path; the
 * arithmetic is the same GEMM, so results match the cpu backend within float rounding.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { free, transpose, type Info } from './wasm-ops.js';

/** Swaps the last two axes of `x` (a wasm Transpose). */
function swapLast(b: BackendWasm, x: Info): Info {
  const r = x.shape.length;
  const perm = Array.from({ length: r }, (_, i) => i);
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return transpose(b, x, perm);
}

/**
 * Wraps the original kernel: with `transposeA`/`transposeB` set, transposes those inputs
 * explicitly and calls the original with both flags false.
 */
export function untransposedMatMulConfig(kernelName: 'BatchMatMul' | '_FusedMatMul', original: tfjs.KernelConfig): tfjs.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
      if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
      const backend = args.backend as BackendWasm;
      const inputs = args.inputs as Record<string, Info>;
      const made: Info[] = [];
      const a = attrs.transposeA ? swapLast(backend, inputs.a) : inputs.a;
      if (attrs.transposeA) made.push(a);
      const b = attrs.transposeB ? swapLast(backend, inputs.b) : inputs.b;
      if (attrs.transposeB) made.push(b);
      try {
        return original.kernelFunc({ ...args, inputs: { ...inputs, a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      } finally {
        free(backend, ...made);
      }
    },
  };
}
