/**
 * `bench:backends` rows for the registry's newer architectures (DenseNet, LSTM, GRU, 1-D CNN on
 * 28×28 Fashion-MNIST images: the sequence models read each image row by row, 28 steps of 28),
 * built exactly as a cell builds them (registry body + softmax head), trained with Adam at batch
 * 128. Fewer batches than the MLP/CNN rows: these are slower per batch.
 */
import * as tf from '@tensorflow/tfjs';
import { architectures } from '../src/registry/architectures/index.js';

export const EXTRA_ARCHITECTURES: Record<string, { type: string; params: Record<string, unknown> }> = {
  densenet: { type: 'densenet', params: { blocks: [3, 3], growthRate: 12 } },
  lstm: { type: 'lstm', params: { units: [64] } },
  gru: { type: 'gru', params: { units: [64] } },
  conv1d: { type: 'conv1d', params: { filters: 64, kernelSizes: [3, 5] } },
};

export function buildArchitecture(name: string, seed: number): tf.LayersModel {
  const { type, params } = EXTRA_ARCHITECTURES[name];
  const def = architectures[type];
  let s = seed;
  const input = tf.input({ shape: [28, 28, 1] });
  const body = def.build(tf, input, def.params.parse(params), { inputShape: [28, 28, 1], kind: 'image', nextSeed: () => s++ });
  const out = tf.layers
    .dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) })
    .apply(body) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}
