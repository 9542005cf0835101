/**
 * Calls the wasm backend's own kernels directly, TensorInfo in, TensorInfo out, so that a
 * kernel we register can be written as a short composition of fast wasm kernels (XNNPACK
 * Conv2D, Transpose, Pad, MatMul…) without creating engine Tensors. Every result is owned by the
 * caller: free intermediates with `free` (a Reshape result shares its input's buffer through a
 * backend reference count, so freeing it is always right).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Info = tfjs.TensorInfo;
export type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

export function callKernel(backend: BackendWasm, name: string, inputs: tfjs.NamedTensorInfoMap, attrs: tfjs.NamedAttrMap = {}): Info {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`divbench wasm kernels need the wasm kernel '${name}', which is not registered`);
  return config.kernelFunc({ inputs, attrs, backend }) as Info;
}

export function free(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const transpose = (b: BackendWasm, x: Info, perm: number[]): Info => callKernel(b, 'Transpose', { x }, { perm });

export const reshape = (b: BackendWasm, x: Info, shape: number[]): Info => callKernel(b, 'Reshape', { x }, { shape });

export const pad = (b: BackendWasm, x: Info, paddings: Array<[number, number]>): Info => callKernel(b, 'PadV2', { x }, { paddings, constantValue: 0 });

export const slice = (b: BackendWasm, x: Info, begin: number[], size: number[]): Info => callKernel(b, 'Slice', { x }, { begin, size });

export const reverse = (b: BackendWasm, x: Info, dims: number[]): Info => callKernel(b, 'Reverse', { x }, { dims });

export const sum = (b: BackendWasm, x: Info, axis: number[]): Info => callKernel(b, 'Sum', { x }, { axis, keepDims: false });

export const conv2d = (b: BackendWasm, x: Info, filter: Info, pads: Pad4, dilations: [number, number], strides: [number, number] = [1, 1]): Info =>
  callKernel(b, 'Conv2D', { x, filter }, { strides, pad: pads, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined } as unknown as tfjs.NamedAttrMap);

export const depthwiseConv2d = (b: BackendWasm, x: Info, filter: Info, pads: Pad4, dilations: [number, number]): Info =>
  callKernel(b, 'DepthwiseConv2dNative', { x, filter }, { strides: [1, 1], pad: pads, dilations, dimRoundingMode: undefined } as unknown as tfjs.NamedAttrMap);

/** `x` with its result freed-input pattern: applies `f`, frees `x`, returns the result. */
export function then(b: BackendWasm, x: Info, f: (x: Info) => Info): Info {
  const y = f(x);
  free(b, x);
  return y;
}

/**
 * Zero-upsamples the spatial dims of an NHWC tensor: `[n, h, w, c]` → `[n, h*sh, w*sw, c]` with
 * the values at rows `i*sh`, columns `j*sw` (the transposed-convolution input of a strided conv).
 * Done as reshape + pad + reshape, i.e. one memory pass in wasm.
 */
export function upsample(b: BackendWasm, x: Info, sh: number, sw: number): Info {
  const [n, h, w, c] = x.shape;
  if (sh === 1 && sw === 1) return reshape(b, x, x.shape);
  const r = reshape(b, x, [n, h, 1, w, 1, c]);
  const p = then(b, r, (v) =>
    pad(b, v, [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]),
  );
  return then(b, p, (v) => reshape(b, v, [n, h * sh, w * sw, c]));
}
