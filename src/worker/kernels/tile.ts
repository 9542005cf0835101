/**
 * `Tile` for wasm, replacing tfjs 4.22's (an element-by-element index loop): BatchNormalization's
 * gradient tiles a per-channel vector to the whole activation, which made Tile the largest kernel
 * of a DenseNet training step on wasm (≈30 % of it). Here tiling is block copies: the input is
 * copied into the output, then dims are expanded from the innermost outwards, each outer slice's
 * block copied `reps[d]` times by doubling `copyWithin` — a handful of memmoves per slice. Done in
 * place: expanding outer slice `o` writes at `o·r·B` and reads at `o·B`, so going from the last
 * slice to the first never overwrites a source not yet copied.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';

type Flat = Float32Array | Int32Array | Uint8Array;

/** Tiles `src` (shape `shape`) by `reps` into `out` (length prod(shape·reps)), in place. */
export function tileInto(src: Flat, shape: readonly number[], reps: readonly number[], out: Flat): void {
  out.set(src.subarray(0, src.length), 0);
  const rank = shape.length;
  // B = size of one block at dim d: original extent of d times the already-expanded inner dims.
  let inner = 1;
  for (let d = rank - 1; d >= 0; d--) {
    const block = shape[d] * inner;
    const r = reps[d];
    if (r > 1 && block > 0) {
      let outer = 1;
      for (let k = 0; k < d; k++) outer *= shape[k];
      const span = r * block;
      for (let o = outer - 1; o >= 0; o--) {
        const dst = o * span;
        if (dst !== o * block) out.copyWithin(dst, o * block, (o + 1) * block);
        let filled = block;
        while (filled < span) {
          const n = Math.min(filled, span - filled);
          out.copyWithin(dst + filled, dst, dst + n);
          filled += n;
        }
      }
    }
    inner = block * r;
  }
}

export function tile(backend: BackendWasm, x: Info, reps: number[]): Info {
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  // Views after the allocation: growing the heap detaches older views.
  const xs = backend.typedArrayFromHeap(x) as Flat;
  const o = backend.typedArrayFromHeap(out) as Flat;
  if (o.length > 0) tileInto(xs, x.shape, reps, o);
  return out;
}

/** Replaces wasm's own Tile (kept for its setup function, which the new one does not need). */
export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x } = inputs as { x: Info };
    return tile(backend as BackendWasm, x, (attrs as { reps: number[] }).reps);
  },
};
