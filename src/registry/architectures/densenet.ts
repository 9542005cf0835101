/**
 * DenseNet (Huang et al. 2017): a 3×3 stem, then dense blocks in which every layer
 * (BN → ReLU → [1×1 bottleneck conv of 4·k → BN → ReLU] → 3×3 conv of k = growth rate filters)
 * sees the concatenation of all earlier feature maps of its block; between blocks a transition
 * layer (BN → ReLU → 1×1 conv to ⌊compression · channels⌋ → 2×2 average pooling) halves the
 * resolution. BN → ReLU → global average pooling gives the features.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ArchitectureDefinition, BuildContext, Tf } from '../types.js';
import { kernelInit } from './layers.js';

const params = z
  .object({
    blocks: z.array(z.number().int().min(1).max(32)).min(1).max(4).default([3, 3]).describe('layers per dense block'),
    growthRate: z.number().int().min(1).max(64).default(12).describe('filters each layer adds (k)'),
    initialFilters: z.number().int().positive().max(256).optional().describe('filters of the stem conv (default 2·growthRate)'),
    compression: z.number().gt(0).max(1).default(0.5).describe('channel fraction a transition layer keeps (θ; 1 = no compression)'),
    bottleneck: z.boolean().default(false).describe('1×1 conv of 4·k filters before each 3×3 conv (DenseNet-B)'),
    batchNorm: z.boolean().default(true).describe('BatchNormalization before each ReLU (≈2× slower on CPU)'),
    dropout: z.number().min(0).max(0.95).default(0).describe('dropout after each conv of a dense layer'),
  })
  .strict();
type Params = z.infer<typeof params>;

function bnRelu(tf: Tf, x: tfjs.SymbolicTensor, p: Params): tfjs.SymbolicTensor {
  const y = p.batchNorm ? (tf.layers.batchNormalization().apply(x) as tfjs.SymbolicTensor) : x;
  return tf.layers.activation({ activation: 'relu' }).apply(y) as tfjs.SymbolicTensor;
}

function conv(tf: Tf, ctx: BuildContext, x: tfjs.SymbolicTensor, filters: number, kernelSize: number, p: Params): tfjs.SymbolicTensor {
  let y = tf.layers
    .conv2d({ filters, kernelSize, padding: 'same', useBias: !p.batchNorm, kernelInitializer: kernelInit(tf, ctx) })
    .apply(x) as tfjs.SymbolicTensor;
  if (p.dropout > 0) y = tf.layers.dropout({ rate: p.dropout }).apply(y) as tfjs.SymbolicTensor;
  return y;
}

const channels = (x: tfjs.SymbolicTensor) => x.shape[x.shape.length - 1] as number;

export const densenet: ArchitectureDefinition<Params> = {
  type: 'densenet',
  summary: 'DenseNet: dense blocks (growth rate, optional bottleneck), compressing transition layers (images only)',
  params,
  accepts: ['image'],
  build(tf, input, p, ctx) {
    let x = conv(tf, ctx, input, p.initialFilters ?? 2 * p.growthRate, 3, p);
    p.blocks.forEach((layers, b) => {
      for (let l = 0; l < layers; l++) {
        let y = bnRelu(tf, x, p);
        if (p.bottleneck) y = bnRelu(tf, conv(tf, ctx, y, 4 * p.growthRate, 1, p), p);
        y = conv(tf, ctx, y, p.growthRate, 3, p);
        x = tf.layers.concatenate().apply([x, y]) as tfjs.SymbolicTensor;
      }
      if (b < p.blocks.length - 1) {
        const kept = Math.max(1, Math.floor(p.compression * channels(x)));
        x = conv(tf, ctx, bnRelu(tf, x, p), kept, 1, p);
        x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(x) as tfjs.SymbolicTensor;
      }
    });
    return tf.layers.globalAveragePooling2d({}).apply(bnRelu(tf, x, p)) as tfjs.SymbolicTensor;
  },
};
