/**
 * 1-D convolutional sequence classifier in the style of Kim (2014), "Convolutional Neural
 * Networks for Sentence Classification": parallel conv1d branches of several widths over the
 * sequence (images row by row, token ids via an embedding), each ReLU + global max pooling over
 * time, concatenated; optionally a dense layer and dropout.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition } from '../types.js';
import { kernelInit } from './layers.js';
import { EmbeddingDimSchema, sequenceInput } from './sequence-input.js';

const params = z
  .object({
    filters: z.number().int().positive().max(1024).default(64).describe('filters per branch'),
    kernelSizes: z.array(z.number().int().min(1).max(15)).min(1).max(6).default([3, 5]).describe('one parallel branch per width'),
    layers: z.number().int().min(1).max(4).default(1).describe('stacked convs per branch (2×max-pool between them)'),
    dense: z.number().int().nonnegative().default(0).describe('units of a dense layer after pooling (0: none)'),
    dropout: z.number().min(0).max(0.95).default(0).describe('dropout before the head'),
    embeddingDim: EmbeddingDimSchema,
  })
  .strict();
type Params = z.infer<typeof params>;

export const conv1d: ArchitectureDefinition<Params> = {
  type: 'conv1d',
  summary: '1-D CNN over sequences: parallel conv widths + global max pooling (Kim 2014)',
  params,
  accepts: ['image', 'sequence', 'tabular'],
  build(tf, input, p, ctx) {
    const seq = sequenceInput(tf, input, ctx, p.embeddingDim);
    const branches = p.kernelSizes.map((kernelSize) => {
      let x = seq;
      for (let l = 0; l < p.layers; l++) {
        if (l > 0) x = tf.layers.maxPooling1d({ poolSize: 2, padding: 'same' }).apply(x) as tfjs.SymbolicTensor;
        x = tf.layers
          .conv1d({ filters: p.filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: kernelInit(tf, ctx) })
          .apply(x) as tfjs.SymbolicTensor;
      }
      return tf.layers.globalMaxPooling1d({}).apply(x) as tfjs.SymbolicTensor;
    });
    let x = branches.length === 1 ? branches[0] : (tf.layers.concatenate().apply(branches) as tfjs.SymbolicTensor);
    if (p.dense > 0) x = tf.layers.dense({ units: p.dense, activation: 'relu', kernelInitializer: kernelInit(tf, ctx) }).apply(x) as tfjs.SymbolicTensor;
    if (p.dropout > 0) x = tf.layers.dropout({ rate: p.dropout }).apply(x) as tfjs.SymbolicTensor;
    return x;
  },
};
