/** Small helpers shared by architecture bodies: seeded initializers and activation names. */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { BuildContext, Tf } from '../types.js';

export const ActivationSchema = z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear']).describe('hidden activation');
export type Activation = z.infer<typeof ActivationSchema>;

/** Kernel initializer seeded from the cell's stream (He for ReLU-family, Glorot otherwise). */
export function kernelInit(tf: Tf, ctx: BuildContext, activation: Activation = 'relu') {
  const seed = ctx.nextSeed();
  return activation === 'relu' || activation === 'elu' || activation === 'selu' ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

/** Flattens image inputs; passes tabular inputs through. */
export function flat(tf: Tf, x: tfjs.SymbolicTensor): tfjs.SymbolicTensor {
  return x.shape.length > 2 ? (tf.layers.flatten().apply(x) as tfjs.SymbolicTensor) : x;
}
