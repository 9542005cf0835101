/**
 * Inference throughput with tinybench: one fixed batch through the trained model, after warm-up,
 * for at least `iterations` runs and `time` ms. samples/s = batch size / mean latency.
 */
import * as tf from '@tensorflow/tfjs';
import { Bench } from 'tinybench';
import type { Protocol } from '../spec/types.js';
import type { LoadedDataset } from '../registry/types.js';
import { gatherRows, rowSizeOf } from './batches.js';

/**
 * One inference of a fixed batch, read back to the host (that is what a caller waits for). webgpu
 * cannot read synchronously under Node (its readSync needs OffscreenCanvas): it awaits the data.
 */
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

export interface ThroughputMeasurement {
  readonly samplesPerSec: number;
  readonly batchSize: number;
  readonly rme: number;
  readonly samples: number;
}

export async function measureInference(model: tf.LayersModel, data: LoadedDataset, protocol: Protocol): Promise<ThroughputMeasurement> {
  const batchSize = Math.min(protocol.throughput.batchSize ?? protocol.batchSize, data.n);
  const rowSize = rowSizeOf(data.shape);
  const indices = Int32Array.from({ length: batchSize }, (_, i) => i);
  const xb = tf.tensor(gatherRows(data.x, rowSize, indices, 0, batchSize, new Float32Array(batchSize * rowSize)), [batchSize, ...data.shape]);
  try {
    const bench = new Bench({
      name: 'inference',
      time: protocol.throughput.time,
      iterations: protocol.throughput.iterations,
      warmup: protocol.throughput.warmupIterations > 0,
      warmupIterations: protocol.throughput.warmupIterations,
      warmupTime: 0,
    });
    addPredictTask(bench, model, xb);
    await bench.run();
    const r = bench.tasks[0].result;
    if (r.state !== 'completed') throw new Error(`inference benchmark ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
    return { samplesPerSec: batchSize / (r.latency.mean / 1000), batchSize, rme: r.latency.rme, samples: r.latency.samplesCount };
  } finally {
    xb.dispose();
  }
}
