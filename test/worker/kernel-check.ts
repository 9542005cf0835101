/**
 * Test helper: runs one kernel on the cpu backend and on wasm with the same inputs and returns
 * the max abs difference (the cpu backend is the reference).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Deterministic values in [-1, 1). */
export function seeded(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

export interface InputSpec {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype?: 'float32' | 'int32';
}

async function runOn(
  backend: string,
  f: (inputs: tf.Tensor[]) => tf.TensorInfo,
  specs: InputSpec[],
): Promise<{ data: Float32Array | Int32Array | Uint8Array; shape: number[] }> {
  await tf.setBackend(backend);
  const inputs = specs.map((s) => tf.tensor(s.values, s.shape, s.dtype ?? 'float32'));
  const info = f(inputs);
  const out = info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
  const data = (await out.data()) as Float32Array;
  const shape = out.shape;
  tf.dispose([...inputs, out]);
  return { data, shape };
}

/** Max |cpu − wasm| of a kernel (by name) or of a wasm-only function against a cpu kernel. */
export async function maxErrorVsCpu(
  kernelName: string,
  names: string[],
  specs: InputSpec[],
  attrs: tf.NamedAttrMap,
  wasmFn?: (backend: BackendWasm, inputs: tf.Tensor[]) => tf.TensorInfo,
): Promise<number> {
  const byName = (ts: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, ts[i]]));
  const ref = await runOn('cpu', (ts) => tf.engine().runKernel(kernelName, byName(ts), attrs) as tf.Tensor, specs);
  const got = await runOn(
    'wasm',
    (ts) => (wasmFn ? wasmFn(tf.backend() as BackendWasm, ts) : (tf.engine().runKernel(kernelName, byName(ts), attrs) as tf.Tensor)),
    specs,
  );
  if (ref.shape.join() !== got.shape.join()) throw new Error(`${kernelName}: shape ${got.shape} on wasm, ${ref.shape} on cpu`);
  let err = 0;
  for (let i = 0; i < ref.data.length; i++) err = Math.max(err, Math.abs(ref.data[i] - got.data[i]));
  return err;
}

/**
 * Reference gradient of a linear map by linearity, for cases the cpu backend's gradient kernels
 * do not cover (dilated depthwise): entry i of the gradient is Σ dy · forward(e_i), computed on cpu
 * with the forward kernel, which does support them.
 */
export async function gradientByLinearity(shape: number[], dy: Float32Array, forward: (basis: tf.Tensor) => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const dyT = tf.tensor(dy);
  for (let i = 0; i < size; i++) {
    out[i] = tf.tidy(() => {
      const e = tf
        .oneHot(tf.tensor1d([i], 'int32'), size)
        .reshape(shape)
        .cast('float32');
      return tf.sum(tf.mul(forward(e).reshape([-1]), dyT)).dataSync()[0];
    });
  }
  dyT.dispose();
  return out;
}

/** Max |ref − wasm kernel output|. */
export async function maxErrorVs(ref: Float32Array, kernelName: string, names: string[], specs: InputSpec[], attrs: tf.NamedAttrMap): Promise<number> {
  const byName = (ts: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, ts[i]]));
  const got = await runOn('wasm', (ts) => tf.engine().runKernel(kernelName, byName(ts), attrs) as tf.Tensor, specs);
  if (got.data.length !== ref.length) throw new Error(`${kernelName}: ${got.data.length} values on wasm, ${ref.length} expected`);
  let err = 0;
  for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - got.data[i]));
  return err;
}
