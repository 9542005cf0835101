/**
 * Regularisation: weight decay, an extra dropout layer before the head, label smoothing.
 *
 * Weight decay is applied after each optimizer step as w ← w · (1 − lr_t · λ) on every weight of
 * rank ≥ 2 (kernels, recurrent kernels, embeddings; not biases or BatchNorm scales). For SGD this
 * is exactly the gradient of an L2 penalty λ/2‖w‖²; for adaptive optimizers it is decoupled weight
 * decay (Loshchilov & Hutter's AdamW), which is what an L2 penalty is meant to do there.
 */
import { z } from 'zod';
import type { RecipeDefinition } from './types.js';

const weightDecay = z.number().min(0).max(0.1).describe('λ: decay per unit learning rate (typical 1e-4 … 5e-4)');
const dropout = z.number().min(0).max(0.9).describe('rate of a dropout layer between the body and the head');
const labelSmoothing = z.number().min(0).max(0.5).describe('ε: targets become (1 − ε)·one-hot + ε/K');

const noneParams = z.object({}).strict();
const weightDecayParams = z.object({ weightDecay: weightDecay.default(5e-4) }).strict();
const dropoutParams = z.object({ rate: dropout.default(0.3) }).strict();
const labelSmoothingParams = z.object({ epsilon: labelSmoothing.default(0.1) }).strict();
const combinedParams = z
  .object({
    weightDecay: weightDecay.default(0),
    dropout: dropout.default(0),
    labelSmoothing: labelSmoothing.default(0),
  })
  .strict();

export interface RegularizationSpec {
  readonly weightDecay: number;
  readonly dropout: number;
  readonly labelSmoothing: number;
}

export const NO_REGULARIZATION: RegularizationSpec = { weightDecay: 0, dropout: 0, labelSmoothing: 0 };

/** The effective settings of a regularization component. */
export function regularizationOf(type: string, params: Record<string, unknown>): RegularizationSpec {
  switch (type) {
    case 'none':
      return NO_REGULARIZATION;
    case 'weight-decay':
      return { ...NO_REGULARIZATION, weightDecay: params.weightDecay as number };
    case 'dropout':
      return { ...NO_REGULARIZATION, dropout: params.rate as number };
    case 'label-smoothing':
      return { ...NO_REGULARIZATION, labelSmoothing: params.epsilon as number };
    case 'combined':
      return { weightDecay: params.weightDecay as number, dropout: params.dropout as number, labelSmoothing: params.labelSmoothing as number };
    default:
      throw new Error(`unknown regularization '${type}'`);
  }
}

/** Label smoothing in place on one-hot rows: y ← (1 − ε)·y + ε/K. */
export function smoothLabels(oneHot: Float32Array, numClasses: number, epsilon: number): Float32Array {
  if (epsilon === 0) return oneHot;
  const off = epsilon / numClasses;
  const keep = 1 - epsilon;
  for (let i = 0; i < oneHot.length; i++) oneHot[i] = oneHot[i] * keep + off;
  return oneHot;
}

/** Multiplier a decayed weight gets after a step taken with learning rate `lr`. */
export function decayFactor(lr: number, weightDecay: number): number {
  return 1 - lr * weightDecay;
}

function def<P>(type: string, summary: string, params: z.ZodType<P>): RecipeDefinition<P> {
  return { type, summary, params, axis: 'regularization' };
}

export const regularizations: Record<string, RecipeDefinition> = {
  none: def('none', 'No extra regularisation', noneParams),
  'weight-decay': def('weight-decay', 'Weight decay λ on kernels (L2 for SGD, decoupled for adaptive optimizers)', weightDecayParams),
  dropout: def('dropout', 'A dropout layer between the body and the head', dropoutParams),
  'label-smoothing': def('label-smoothing', 'Label smoothing ε on the training targets', labelSmoothingParams),
  combined: def('combined', 'Weight decay, dropout and label smoothing together', combinedParams),
};
