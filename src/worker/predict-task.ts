/**
 * One inference of a fixed batch through a tfjs model, read back to the host, as a tinybench task
 * (for `bench:backends`). webgpu cannot read synchronously under Node (its readSync needs
 * OffscreenCanvas): it awaits the data.
 */
import * as tf from '@tensorflow/tfjs';
import type { Bench } from 'tinybench';

export function addPredictTask(bench: Bench, model: tf.LayersModel, xb: tf.Tensor): void {
  if (tf.getBackend() === 'webgpu') {
    bench.add('predict', async () => {
      const out = model.predict(xb) as tf.Tensor;
      await out.data();
      out.dispose();
    });
  } else {
    bench.add('predict', () => {
      const out = model.predict(xb) as tf.Tensor;
      out.dataSync();
      out.dispose();
    });
  }
}
