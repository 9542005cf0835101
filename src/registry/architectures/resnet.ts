/**
 * Small residual network: a 3×3 stem, then stages of basic blocks (two 3×3 convs + shortcut).
 * The first block of every stage after the first halves the resolution with stride 2 and uses a
 * 1×1 stride-2 projection shortcut; global average pooling gives the features.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition, BuildContext, Tf } from '../types.js';
import { kernelInit } from './layers.js';

const params = z
  .object({
    stages: z.array(z.number().int().positive()).min(1).default([16, 32]).describe('filters per stage'),
    blocks: z.number().int().min(1).max(8).default(1).describe('residual blocks per stage'),
    batchNorm: z.boolean().default(false).describe('BatchNormalization after each conv'),
  })
  .strict();
type Params = z.infer<typeof params>;

function conv(tf: Tf, ctx: BuildContext, x: tfjs.SymbolicTensor, filters: number, kernelSize: number, strides: number, p: Params, relu: boolean) {
  let y = tf.layers
    .conv2d({ filters, kernelSize, strides, padding: 'same', useBias: !p.batchNorm, kernelInitializer: kernelInit(tf, ctx) })
    .apply(x) as tfjs.SymbolicTensor;
  if (p.batchNorm) y = tf.layers.batchNormalization().apply(y) as tfjs.SymbolicTensor;
  if (relu) y = tf.layers.activation({ activation: 'relu' }).apply(y) as tfjs.SymbolicTensor;
  return y;
}

function block(tf: Tf, ctx: BuildContext, x: tfjs.SymbolicTensor, filters: number, strides: number, p: Params) {
  const inFilters = x.shape[x.shape.length - 1];
  const y = conv(tf, ctx, conv(tf, ctx, x, filters, 3, strides, p, true), filters, 3, 1, p, false);
  const shortcut = strides !== 1 || inFilters !== filters ? conv(tf, ctx, x, filters, 1, strides, p, false) : x;
  const sum = tf.layers.add().apply([y, shortcut]) as tfjs.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu' }).apply(sum) as tfjs.SymbolicTensor;
}

export const resnet: ArchitectureDefinition<Params> = {
  type: 'resnet',
  summary: 'Small residual network with projection shortcuts and global average pooling (images only)',
  params,
  accepts: ['image'],
  build(tf, input, p, ctx) {
    let x = conv(tf, ctx, input, p.stages[0], 3, 1, p, true);
    p.stages.forEach((filters, s) => {
      for (let b = 0; b < p.blocks; b++) x = block(tf, ctx, x, filters, s > 0 && b === 0 ? 2 : 1, p);
    });
    return tf.layers.globalAveragePooling2d({}).apply(x) as tfjs.SymbolicTensor;
  },
};
