/**
 * One-pass optimizer updates for wasm. tfjs 4.22's Adam runs ten element-wise kernels per
 * variable per step (mul, mul, add, square, mul, mul, add, div, div, sqrt, add, div, mul, add),
 * RMSProp nine (and computes the new mean square twice), SGD two: each a pass over the weights
 * with its own output buffer, ≈20 % of an MLP training step (`scripts/profile-kernels.ts`).
 * These kernels do the same update in one pass over the wasm heap: a WebAssembly SIMD function
 * (optimizer-updates-wasm.ts), or the JavaScript loops below where SIMD is unavailable.
 *
 * They reproduce tfjs's float32 results bit for bit: every intermediate is rounded to float32
 * with Math.fround, in tfjs's order, and for +, −, ×, ÷ and √ computing in float64 and rounding
 * once gives the correctly rounded float32 result (53 ≥ 2·24 + 2 bits), which is what wasm's
 * float32 instructions give. test/worker/fused-optimizers.test.ts checks this against tfjs's own
 * optimizers. Outputs are fresh buffers (never the inputs), like tfjs's, since XNNPACK caches
 * operators by weight buffer.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';
import { updateFunctions } from './optimizer-updates-wasm.js';
import { heapOffset } from './heap.js';

const f = Math.fround;

/** Each tensor's byte offset in the heap, then the vector part's and the whole's byte counts. */
function heapArgs(b: BackendWasm, infos: Info[], n: number): number[] {
  return [...infos.map((i) => heapOffset(b, i)), (n & ~3) * 4, n * 4];
}

const sizeOf = (shape: number[]): number => shape.reduce((a, d) => a * d, 1);

export const ADAM_UPDATE = 'DivbenchAdamUpdate';
export const RMSPROP_UPDATE = 'DivbenchRMSPropUpdate';
export const SGD_UPDATE = 'DivbenchSGDUpdate';

/** Float32 views (made after every allocation: growing the heap detaches older views). */
const views = (b: BackendWasm, infos: Info[]): Float32Array[] => infos.map((i) => b.typedArrayFromHeap(i) as Float32Array);

const outputs = (b: BackendWasm, shape: number[], n: number): Info[] => Array.from({ length: n }, () => b.makeOutput(shape, 'float32'));

/**
 * Inputs m, v (moments), g (gradient), w (weights), acc1, acc2 (β1ᵗ, β2ᵗ as scalars); attrs
 * beta1, beta2, epsilon, learningRate. Outputs [m', v', w'].
 */
export const adamUpdateConfig: tfjs.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const b = backend as BackendWasm;
    const { m, v, g, w, acc1, acc2 } = inputs as Record<string, Info>;
    const { beta1, beta2, epsilon, learningRate } = attrs as unknown as Record<string, number>;
    const out = outputs(b, w.shape, 3);
    const [A1, A2] = views(b, [acc1, acc2]);
    const b1 = f(beta1),
      ob1 = f(1 - beta1),
      b2 = f(beta2),
      ob2 = f(1 - beta2),
      eps = f(epsilon),
      nlr = f(-learningRate);
    const c1 = f(1 - A1[0]),
      c2 = f(1 - A2[0]);
    const fns = updateFunctions(b);
    if (fns) {
      fns.adam(...heapArgs(b, [m, v, g, w, ...out], sizeOf(w.shape)), b1, ob1, b2, ob2, eps, nlr, c1, c2);
      return out;
    }
    const [M, V, G, W, Mo, Vo, Wo] = views(b, [m, v, g, w, ...out]);
    for (let i = 0; i < W.length; i++) {
      const gi = G[i];
      const mi = f(f(M[i] * b1) + f(gi * ob1));
      const vi = f(f(V[i] * b2) + f(f(gi * gi) * ob2));
      Mo[i] = mi;
      Vo[i] = vi;
      const step = f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps));
      Wo[i] = f(step * nlr) + W[i];
    }
    return out;
  },
};

/**
 * Plain (uncentered) RMSProp. Inputs ms (mean square), mom (moment), g, w; attrs decay, momentum,
 * epsilon, learningRate. Outputs [ms', mom', w'].
 */
export const rmspropUpdateConfig: tfjs.KernelConfig = {
  kernelName: RMSPROP_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const b = backend as BackendWasm;
    const { ms, mom, g, w } = inputs as Record<string, Info>;
    const { decay, momentum, epsilon, learningRate } = attrs as unknown as Record<string, number>;
    const out = outputs(b, w.shape, 3);
    const d = f(decay),
      od = f(1 - decay),
      mu = f(momentum),
      eps = f(epsilon),
      lr = f(learningRate);
    const fns = updateFunctions(b);
    if (fns) {
      fns.rmsprop(...heapArgs(b, [ms, mom, g, w, ...out], sizeOf(w.shape)), d, od, mu, eps, lr);
      return out;
    }
    const [S, P, G, W, So, Po, Wo] = views(b, [ms, mom, g, w, ...out]);
    for (let i = 0; i < W.length; i++) {
      const gi = G[i];
      const si = f(f(S[i] * d) + f(f(gi * gi) * od));
      const pi = f(f(P[i] * mu) + f(f(gi * lr) / f(Math.sqrt(f(si + eps)))));
      So[i] = si;
      Po[i] = pi;
      Wo[i] = W[i] - pi;
    }
    return out;
  },
};

/** Inputs g, w; attr learningRate. Output w − lr·g as tfjs's SGD computes it, (−lr)·g + w. */
export const sgdUpdateConfig: tfjs.KernelConfig = {
  kernelName: SGD_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const b = backend as BackendWasm;
    const { g, w } = inputs as Record<string, Info>;
    const nlr = f(-(attrs as unknown as Record<string, number>).learningRate);
    const out = b.makeOutput(w.shape, 'float32');
    const fns = updateFunctions(b);
    if (fns) {
      fns.sgd(...heapArgs(b, [g, w, out], sizeOf(w.shape)), nlr);
      return out;
    }
    const [G, W, Wo] = views(b, [g, w, out]);
    for (let i = 0; i < W.length; i++) Wo[i] = f(nlr * G[i]) + W[i];
    return out;
  },
};

export const OPTIMIZER_UPDATE_KERNELS: readonly tfjs.KernelConfig[] = [adamUpdateConfig, rmspropUpdateConfig, sgdUpdateConfig];
