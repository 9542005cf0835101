/** Convolutional network: conv(+ReLU) → 2×2 max-pool blocks, then a dense hidden layer. */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition } from '../types.js';
import { kernelInit } from './layers.js';

const params = z
  .object({
    filters: z.array(z.number().int().positive()).min(1).default([32, 64]).describe('filters per conv-pool block'),
    kernelSize: z.number().int().min(1).max(11).default(3),
    dense: z.number().int().nonnegative().default(128).describe('units of the dense layer after the blocks (0: none)'),
    dropout: z.number().min(0).max(0.95).default(0).describe('dropout before the head'),
    batchNorm: z.boolean().default(false).describe('BatchNormalization after each conv (≈2× slower on CPU)'),
  })
  .strict();

export const cnn: ArchitectureDefinition<z.infer<typeof params>> = {
  type: 'cnn',
  summary: 'Conv-pool blocks + dense layer (images only)',
  params,
  accepts: ['image'],
  build(tf, input, p, ctx) {
    let x = input;
    for (const filters of p.filters) {
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: p.kernelSize,
          padding: 'same',
          useBias: !p.batchNorm,
          activation: p.batchNorm ? 'linear' : 'relu',
          kernelInitializer: kernelInit(tf, ctx),
        })
        .apply(x) as tfjs.SymbolicTensor;
      if (p.batchNorm) {
        x = tf.layers.batchNormalization().apply(x) as tfjs.SymbolicTensor;
        x = tf.layers.activation({ activation: 'relu' }).apply(x) as tfjs.SymbolicTensor;
      }
      x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as tfjs.SymbolicTensor;
    }
    x = tf.layers.flatten().apply(x) as tfjs.SymbolicTensor;
    if (p.dense > 0) x = tf.layers.dense({ units: p.dense, activation: 'relu', kernelInitializer: kernelInit(tf, ctx) }).apply(x) as tfjs.SymbolicTensor;
    if (p.dropout > 0) x = tf.layers.dropout({ rate: p.dropout }).apply(x) as tfjs.SymbolicTensor;
    return x;
  },
};
