/**
 * `Add` for wasm with a fast path for the bias add of dense and conv layers: a float32 `a` plus
 * a `b` that is one value per channel (shape [c] or [1, …, 1, c], c = a's last dim, a multiple
 * of 4), as one SIMD pass (elementwise-wasm.ts). Every other Add is wasm's own kernel. Same
 * float32 additions, so the same bits.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { elementwiseFunctions } from './elementwise-wasm.js';
import { heapOffset, wasmMemory } from './heap.js';
import type { Info } from './wasm-ops.js';

/** True when `b` holds one value per channel of `a` (its last dim). */
function isChannelBias(a: Info, b: Info): boolean {
  const c = a.shape[a.shape.length - 1];
  return (
    a.shape.length >= 2 &&
    b.shape.length >= 1 &&
    b.shape.length <= a.shape.length &&
    b.shape[b.shape.length - 1] === c &&
    b.shape.slice(0, -1).every((d) => d === 1)
  );
}

export function biasAddConfig(native: tfjs.KernelConfig): tfjs.KernelConfig {
  return {
    kernelName: 'Add',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const b = args.backend as BackendWasm;
      const { a, b: bias } = args.inputs as { a: Info; b: Info };
      const c = a.shape[a.shape.length - 1];
      const memory = a.dtype === 'float32' && bias.dtype === 'float32' && c % 4 === 0 && isChannelBias(a, bias) ? wasmMemory(b) : undefined;
      const fns = memory === undefined ? null : elementwiseFunctions(memory);
      if (fns === null) return native.kernelFunc(args);
      const out = b.makeOutput(a.shape, 'float32');
      const rows = a.shape.slice(0, -1).reduce((p, d) => p * d, 1);
      fns.biasAdd(heapOffset(b, a), heapOffset(b, bias), heapOffset(b, out), rows, c * 4);
      return out;
    },
  };
}
