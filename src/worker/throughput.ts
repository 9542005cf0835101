/**
 * Inference throughput with tinybench, for every model family: one fixed batch (the first rows of
 * the pool) through the trained learner's `predict`, after warm-up, for at least `iterations` runs
 * and `time` ms. samples/s = batch size / mean latency. A family whose predictions are made by
 * another program (command) reports the throughput that program measured instead.
 */
import { Bench } from 'tinybench';
import type { Learner } from '../registry/models/types.js';
import type { LoadedDataset } from '../registry/types.js';
import type { Protocol } from '../spec/types.js';
import { rowSizeOf } from './batches.js';

export interface ThroughputMeasurement {
  readonly samplesPerSec: number;
  readonly batchSize: number;
  readonly rme: number;
  readonly samples: number;
}

export async function measureInference(learner: Learner, data: LoadedDataset, protocol: Protocol): Promise<ThroughputMeasurement> {
  const reported = learner.reportedThroughput?.();
  if (reported) return reported;
  const batchSize = Math.min(protocol.throughput.batchSize ?? protocol.batchSize, data.n);
  const xb = data.x.slice(0, batchSize * rowSizeOf(data.shape));
  const rows = { set: 'batch', indices: Int32Array.from({ length: batchSize }, (_, i) => i) } as const;
  const bench = new Bench({
    name: 'inference',
    time: protocol.throughput.time,
    iterations: protocol.throughput.iterations,
    warmup: protocol.throughput.warmupIterations > 0,
    warmupIterations: protocol.throughput.warmupIterations,
    warmupTime: 0,
  });
  bench.add('predict', async () => {
    await learner.predict(xb, batchSize, { features: false, rows });
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`inference benchmark ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
  return { samplesPerSec: batchSize / (r.latency.mean / 1000), batchSize, rme: r.latency.rme, samples: r.latency.samplesCount };
}
