/**
 * Builds a cell's network: the registry body + the harness's softmax head and loss. Returns the
 * trainable model and a second view of the same layers that also outputs the penultimate features.
 */
import * as tf from '@tensorflow/tfjs';
import { registry } from '../registry/index.js';
import type { LoadedDataset } from '../registry/types.js';
import type { Cell } from '../spec/types.js';
import { deriveSeed, mulberry32 } from '../spec/random.js';

export interface CellModel {
  readonly model: tf.LayersModel;
  /** Outputs `[probabilities, features]`. */
  readonly withFeatures: tf.LayersModel;
  readonly featureSize: number;
}

export function buildModel(cell: Cell, data: Pick<LoadedDataset, 'shape' | 'kind' | 'numClasses' | 'vocabSize'>, modelSeed: number): CellModel {
  const arch = registry.architectures[cell.architecture.type];
  const opt = registry.optimizers[cell.optimizer.type];
  const rng = mulberry32(modelSeed);
  const nextSeed = () => Math.floor(rng() * 2 ** 31);
  const input = tf.input({ shape: data.shape });
  const body = arch.build(tf, input, cell.architecture.params, { inputShape: data.shape, kind: data.kind, vocabSize: data.vocabSize, nextSeed });
  const probs = tf.layers.dense({ units: data.numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'head' }).apply(body) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: probs });
  model.compile({ optimizer: opt.create(tf, cell.optimizer.params), loss: 'categoricalCrossentropy' });
  const withFeatures = tf.model({ inputs: input, outputs: [probs, body] });
  const featureSize = body.shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
  return { model, withFeatures, featureSize };
}

/** Seed of a fold's model: depends on the cell seed, repeat and fold only. */
export function foldModelSeed(seed: number, repeat: number, fold: number): number {
  return deriveSeed(seed, repeat, fold, 0x30de1);
}
