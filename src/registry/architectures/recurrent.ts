/**
 * LSTM and GRU classifiers over sequences (images row by row, token ids through an embedding,
 * see ./sequence-input.ts): stacked recurrent layers, the last one's final state is the
 * representation. Input and recurrent kernels are seeded (Glorot uniform, orthogonal).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition, BuildContext, Tf } from '../types.js';
import { EmbeddingDimSchema, sequenceInput } from './sequence-input.js';

const params = z
  .object({
    units: z.array(z.number().int().positive().max(1024)).min(1).max(4).default([64]).describe('units per stacked recurrent layer'),
    bidirectional: z.boolean().default(false).describe('run each layer forwards and backwards and concatenate'),
    dropout: z.number().min(0).max(0.95).default(0).describe("dropout on each layer's inputs"),
    recurrentDropout: z.number().min(0).max(0.95).default(0).describe('dropout on the recurrent state'),
    embeddingDim: EmbeddingDimSchema,
  })
  .strict();
type Params = z.infer<typeof params>;

function recurrentBody(kind: 'lstm' | 'gru') {
  return (tf: Tf, input: tfjs.SymbolicTensor, p: Params, ctx: BuildContext): tfjs.SymbolicTensor => {
    let x = sequenceInput(tf, input, ctx, p.embeddingDim);
    p.units.forEach((units, i) => {
      const config = {
        units,
        returnSequences: i < p.units.length - 1,
        dropout: p.dropout,
        recurrentDropout: p.recurrentDropout,
        kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.nextSeed() }),
        recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: ctx.nextSeed() }),
      };
      const layer = kind === 'lstm' ? tf.layers.lstm(config) : tf.layers.gru(config);
      const applied = p.bidirectional ? tf.layers.bidirectional({ layer, mergeMode: 'concat' }) : layer;
      x = applied.apply(x) as tfjs.SymbolicTensor;
    });
    return x;
  };
}

export const lstm: ArchitectureDefinition<Params> = {
  type: 'lstm',
  summary: 'LSTM classifier over sequences (images row by row; token ids via an embedding)',
  params,
  accepts: ['image', 'sequence', 'tabular'],
  build: recurrentBody('lstm'),
};

export const gru: ArchitectureDefinition<Params> = {
  type: 'gru',
  summary: 'GRU classifier over sequences (images row by row; token ids via an embedding)',
  params,
  accepts: ['image', 'sequence', 'tabular'],
  build: recurrentBody('gru'),
};
