/** Batched inference (inference mode: no dropout) into flat typed arrays. */
import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../registry/types.js';
import { gatherRows, rowSizeOf } from './batches.js';
import type { CellModel } from './model.js';

export interface Predictions {
  /** n × K probabilities. */
  readonly probs: Float32Array;
  /** Argmax class per example. */
  readonly pred: Int32Array;
  /** n × d penultimate features (only when asked). */
  readonly features?: Float32Array;
}

export async function predictRows(m: CellModel, x: Float32Array, shape: number[], numClasses: number, indices: Int32Array, batchSize: number, withFeatures = false): Promise<Predictions> {
  const rowSize = rowSizeOf(shape);
  const n = indices.length;
  const probs = new Float32Array(n * numClasses);
  const features = withFeatures ? new Float32Array(n * m.featureSize) : undefined;
  const buf = new Float32Array(Math.min(batchSize, Math.max(n, 1)) * rowSize);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const rows = gatherRows(x, rowSize, indices, start, end, buf);
    const outputs = tf.tidy(() => {
      const xb = tf.tensor(rows, [end - start, ...shape]);
      return withFeatures ? (m.withFeatures.predict(xb) as tf.Tensor[]) : [m.model.predict(xb) as tf.Tensor];
    });
    probs.set(await outputs[0].data() as Float32Array, start * numClasses);
    if (features) features.set(await outputs[1].data() as Float32Array, start * m.featureSize);
    tf.dispose(outputs);
  }
  return { probs, pred: argmaxRows(probs, numClasses), features };
}

export function argmaxRows(probs: Float32Array, k: number): Int32Array {
  const n = probs.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Accuracy and mean cross-entropy of predictions against `y[indices]`. */
export function scorePredictions(p: Predictions, y: Int32Array, indices: Int32Array, k: number): { accuracy: number; loss: number } {
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < indices.length; i++) {
    const label = y[indices[i]];
    if (p.pred[i] === label) correct++;
    loss -= Math.log(Math.max(p.probs[i * k + label], 1e-7));
  }
  const n = Math.max(indices.length, 1);
  return { accuracy: correct / n, loss: loss / n };
}

export type { LoadedDataset };
