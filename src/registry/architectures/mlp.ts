/** Multi-layer perceptron: dense hidden layers with an activation and optional dropout. */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition } from '../types.js';
import { ActivationSchema, flat, kernelInit } from './layers.js';

const params = z
  .object({
    hidden: z.array(z.number().int().positive()).min(1).default([256, 128]).describe('units per hidden layer'),
    activation: ActivationSchema.default('relu'),
    dropout: z.number().min(0).max(0.95).default(0).describe('dropout rate after each hidden layer'),
  })
  .strict();

export const mlp: ArchitectureDefinition<z.infer<typeof params>> = {
  type: 'mlp',
  summary: 'Multi-layer perceptron (dense hidden layers, activation, dropout)',
  params,
  accepts: ['image', 'tabular'],
  build(tf, input, p, ctx) {
    let x = flat(tf, input);
    for (const units of p.hidden) {
      x = tf.layers.dense({ units, activation: p.activation, kernelInitializer: kernelInit(tf, ctx, p.activation) }).apply(x) as tfjs.SymbolicTensor;
      if (p.dropout > 0) x = tf.layers.dropout({ rate: p.dropout }).apply(x) as tfjs.SymbolicTensor;
    }
    return x;
  },
};
