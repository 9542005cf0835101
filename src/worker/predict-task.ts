/**
 * One inference of a fixed batch through a tfjs model, read back to the host, as a tinybench task
 * (for `bench:backends`). webgpu cannot read synchronously under Node (its readSync needs
 * OffscreenCanvas): it awaits the data.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from './tf.js';
import type { Bench } from 'tinybench';

export function addPredictTask(bench: Bench, model: tfjs.LayersModel, xb: tfjs.Tensor): void {
  if (tf.getBackend() === 'webgpu') {
    bench.add('predict', async () => {
      const out = model.predict(xb) as tfjs.Tensor;
      await out.data();
      out.dispose();
    });
  } else {
    bench.add('predict', () => {
      const out = model.predict(xb) as tfjs.Tensor;
      out.dataSync();
      out.dispose();
    });
  }
}
