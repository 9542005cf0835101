/**
 * Relu's gradient on wasm as one SIMD pass (elementwise-wasm.ts `reluGrad`) instead of tfjs's
 * `mul(dy, cast(step(x), 'float32'))` — three kernels and two temporaries per ReLU layer. The
 * gradient is registered for every backend (tfjs keys gradients by kernel name only), so it
 * calls tfjs's own gradient function on any other backend, for other dtypes and for sizes that
 * are not a multiple of 4. Same multiplications, so the same bits.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf.js';
import { elementwiseFunctions } from './elementwise-wasm.js';
import { heapOffset } from './heap.js';
import type { Info } from './wasm-ops.js';

export const RELU_GRAD = 'DivbenchReluGrad';

const reluGradKernel: tfjs.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const b = backend as BackendWasm;
    const { dy, x } = inputs as { dy: Info; x: Info };
    const fns = elementwiseFunctions(b)!;
    const out = b.makeOutput(x.shape, 'float32');
    fns.reluGrad(heapOffset(b, dy), heapOffset(b, x), heapOffset(b, out), 4 * x.shape.reduce((p, d) => p * d, 1));
    return out;
  },
};

let original: tfjs.GradConfig | undefined;

/** The SIMD path applies: wasm, float32, a multiple of 4 values, SIMD available. */
function applies(dy: tfjs.Tensor, x: tfjs.Tensor): boolean {
  if (tf.getBackend() !== 'wasm' || dy.dtype !== 'float32' || x.dtype !== 'float32' || x.size % 4 !== 0) return false;
  return elementwiseFunctions(tf.backend() as BackendWasm) !== null;
}

/** Installs (on = true) or removes the wasm Relu gradient; idempotent. */
export function useSimdReluGradient(on: boolean): void {
  original ??= tf.getGradient('Relu');
  if (tf.getKernel(RELU_GRAD, 'wasm') === undefined) tf.registerKernel(reluGradKernel);
  const tfjsGrad = original;
  tf.registerGradient(
    on
      ? {
          ...tfjsGrad,
          gradFunc: (dy, saved, attrs) => {
            const [x] = saved;
            const d = dy as tfjs.Tensor;
            if (!applies(d, x)) return tfjsGrad.gradFunc(dy, saved, attrs);
            return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: d, x }, {}) as tfjs.Tensor };
          },
        }
      : tfjsGrad,
  );
}
