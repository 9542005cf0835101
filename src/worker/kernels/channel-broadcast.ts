/**
 * `Add`, `Sub`, `Multiply` and `RealDiv` for wasm with a fast path for a per-channel operand: one
 * float32 input of rank ≥ 2 and the other one value per channel (shape [c] or [1, …, 1, c], c the
 * first's last dim, a multiple of 4), in either order — Layers' bias add, BatchNormalization's
 * centring and scaling and their gradients. That case is one SIMD pass (elementwise-wasm.ts);
 * every other call is wasm's own kernel (a single-value operand too: measured no faster this way,
 * XNNPACK has its own kernels for it). The same float32 operation per element, in the same
 * operand order, so the same bits.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { elementwiseFunctions, type ChannelOp } from './elementwise-wasm.js';
import { heapOffset } from './heap.js';
import type { Info } from './wasm-ops.js';

export const CHANNEL_KERNELS: Record<string, ChannelOp> = { Add: 'add', Sub: 'sub', Multiply: 'mul', RealDiv: 'div' };

/** True when `c` holds one value per channel of `x` (its last dim, a multiple of 4). */
function isChannelOperand(x: Info, c: Info): boolean {
  const k = x.shape[x.shape.length - 1];
  return (
    x.shape.length >= 2 &&
    k % 4 === 0 &&
    c.shape.length >= 1 &&
    c.shape.length <= x.shape.length &&
    c.shape[c.shape.length - 1] === k &&
    c.shape.slice(0, -1).every((d) => d === 1)
  );
}

export function channelBroadcastConfig(kernelName: string, native: tfjs.KernelConfig): tfjs.KernelConfig {
  const op = CHANNEL_KERNELS[kernelName];
  return {
    kernelName,
    backendName: 'wasm',
    // wasm's binary kernels bind their C function in setupFunc; the fallback needs it bound
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const b = args.backend as BackendWasm;
      const { a, b: other } = args.inputs as { a: Info; b: Info };
      const float = a.dtype === 'float32' && other.dtype === 'float32';
      // which operand is the per-channel one: b (x op c) or a (c op x)
      const order = !float ? null : isChannelOperand(a, other) ? 'xc' : isChannelOperand(other, a) ? 'cx' : null;
      const fns = order === null ? null : elementwiseFunctions(b);
      if (fns === null || order === null) return native.kernelFunc(args);
      const [x, c] = order === 'xc' ? [a, other] : [other, a];
      const out = b.makeOutput(x.shape, 'float32');
      const k = x.shape[x.shape.length - 1];
      const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
      fns[`${op}_${order}`](heapOffset(b, x), heapOffset(b, c), heapOffset(b, out), rows, k * 4);
      return out;
    },
  };
}
