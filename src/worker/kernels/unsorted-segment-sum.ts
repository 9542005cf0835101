/**
 * `UnsortedSegmentSum` for wasm (missing in tfjs 4.22; embedding and gather gradients need it).
 * A scatter-add is one pass over the data, so a plain loop over the wasm heap is the fast form.
 * Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';

export function unsortedSegmentSum(backend: BackendWasm, x: Info, segmentIds: Info, numSegments: number): Info {
  const idsSize = segmentIds.shape.reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((p, d) => p * d, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  // Views after the allocation: growing the heap detaches older views.
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  const o = backend.typedArrayFromHeap(out);
  o.fill(0);
  for (let i = 0; i < idsSize; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) o[dst + k] += xs[src + k];
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, segmentIds } = inputs as { x: Info; segmentIds: Info };
    return unsortedSegmentSum(backend as BackendWasm, x, segmentIds, (attrs as { numSegments: number }).numSegments);
  },
};
