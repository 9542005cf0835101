/**
 * Optimizers: each `create` returns a fresh tf optimizer (called once per fold). Params mirror
 * tf.train's factory arguments, with tfjs's defaults unless noted.
 */
import { z } from 'zod';
import type { OptimizerDefinition } from '../types.js';

const lr = (d: number) => z.number().positive().max(100).default(d).describe('learning rate');

const sgdParams = z.object({ learningRate: lr(0.1) }).strict();
const momentumParams = z.object({ learningRate: lr(0.05), momentum: z.number().min(0).max(1).default(0.9), nesterov: z.boolean().default(false) }).strict();
const adamParams = z
  .object({
    learningRate: lr(0.001),
    beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999),
    epsilon: z.number().positive().default(1e-7),
  })
  .strict();
const adagradParams = z.object({ learningRate: lr(0.05), initialAccumulatorValue: z.number().positive().default(0.1) }).strict();
const rmspropParams = z
  .object({
    learningRate: lr(0.001),
    decay: z.number().min(0).max(1).default(0.9),
    momentum: z.number().min(0).max(1).default(0),
    epsilon: z.number().positive().default(1e-7),
    centered: z.boolean().default(false),
  })
  .strict();

export const sgd: OptimizerDefinition<z.infer<typeof sgdParams>> = {
  type: 'sgd',
  summary: 'Plain stochastic gradient descent',
  params: sgdParams,
  create: (tf, p) => tf.train.sgd(p.learningRate),
};
export const momentum: OptimizerDefinition<z.infer<typeof momentumParams>> = {
  type: 'momentum',
  summary: 'SGD with (optionally Nesterov) momentum',
  params: momentumParams,
  create: (tf, p) => tf.train.momentum(p.learningRate, p.momentum, p.nesterov),
};
export const adam: OptimizerDefinition<z.infer<typeof adamParams>> = {
  type: 'adam',
  summary: 'Adam (Kingma & Ba)',
  params: adamParams,
  create: (tf, p) => tf.train.adam(p.learningRate, p.beta1, p.beta2, p.epsilon),
};
export const adagrad: OptimizerDefinition<z.infer<typeof adagradParams>> = {
  type: 'adagrad',
  summary: 'Adagrad (per-parameter learning rates)',
  params: adagradParams,
  create: (tf, p) => tf.train.adagrad(p.learningRate, p.initialAccumulatorValue),
};
export const rmsprop: OptimizerDefinition<z.infer<typeof rmspropParams>> = {
  type: 'rmsprop',
  summary: 'RMSProp',
  params: rmspropParams,
  create: (tf, p) => tf.train.rmsprop(p.learningRate, p.decay, p.momentum, p.epsilon, p.centered),
};

/** The optimizer registry, keyed by each definition's own `type`. */
export const optimizers: Record<string, OptimizerDefinition> = Object.fromEntries(
  [sgd, momentum, adam, adagrad, rmsprop].map((d) => [d.type, d as OptimizerDefinition]),
);
