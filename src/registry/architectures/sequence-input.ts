/**
 * Turns a cell's input into a sequence `[steps, features]` for the sequence bodies (LSTM, GRU,
 * 1-D CNN): an image `[h, w, c]` is read row by row (h steps of w·c values), a tabular row `[d]`
 * is d steps of one value, and token ids `[steps]` go through a seeded embedding layer.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { BuildContext, Tf } from '../types.js';

export const EmbeddingDimSchema = z
  .number()
  .int()
  .min(1)
  .max(1024)
  .default(32)
  .describe('embedding width for token-id sequences (ignored for images and tabular data)');

export function sequenceInput(tf: Tf, input: tfjs.SymbolicTensor, ctx: BuildContext, embeddingDim: number): tfjs.SymbolicTensor {
  const shape = ctx.inputShape;
  if (ctx.kind === 'sequence') {
    if (ctx.vocabSize === undefined) throw new Error('sequence data needs a vocabSize (the dataset sets it)');
    const seed = ctx.nextSeed();
    return tf.layers
      .embedding({
        inputDim: ctx.vocabSize,
        outputDim: embeddingDim,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
      })
      .apply(input) as tfjs.SymbolicTensor;
  }
  if (ctx.kind === 'image') {
    const [h, w, c] = shape;
    return tf.layers.reshape({ targetShape: [h, w * c] }).apply(input) as tfjs.SymbolicTensor;
  }
  return tf.layers.reshape({ targetShape: [shape[0], 1] }).apply(input) as tfjs.SymbolicTensor;
}
