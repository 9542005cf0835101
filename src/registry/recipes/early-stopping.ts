/**
 * Early stopping on an inner validation split carved from the training fold (never the held-out
 * fold): after each epoch the model is scored on it; training stops once `patience` epochs pass
 * without an improvement of at least `minDelta` in `metric`, and (by default) the weights of the
 * best epoch are restored. The epochs actually run are recorded per fold.
 */
import { z } from 'zod';
import { ValidationFractionSchema } from './schedules.js';
import type { RecipeDefinition } from './types.js';

const noneParams = z.object({}).strict();
const patienceParams = z
  .object({
    patience: z.number().int().min(1).max(1000).default(2).describe('epochs without improvement before stopping'),
    metric: z.enum(['loss', 'accuracy']).default('loss').describe('what is watched on the inner validation split'),
    minDelta: z.number().min(0).max(1).default(0).describe('smallest change that counts as an improvement'),
    restoreBest: z.boolean().default(true).describe('end with the weights of the best epoch'),
    validationFraction: ValidationFractionSchema,
  })
  .strict();

export type EarlyStoppingSpec = { type: 'none' } | ({ type: 'patience' } & z.infer<typeof patienceParams>);

export interface StopDecision {
  /** The epoch just observed is the best so far (keep its weights when restoring). */
  readonly improved: boolean;
  readonly stop: boolean;
}

/** Tracks the watched metric epoch by epoch. */
export class EarlyStopper {
  private best = Infinity;
  private stale = 0;
  bestEpoch = -1;
  constructor(private readonly spec: Extract<EarlyStoppingSpec, { type: 'patience' }>) {}

  observe(epoch: number, metrics: { loss: number; accuracy: number }): StopDecision {
    const value = this.spec.metric === 'loss' ? metrics.loss : -metrics.accuracy;
    if (value < this.best - this.spec.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.stale = 0;
      return { improved: true, stop: false };
    }
    this.stale++;
    return { improved: false, stop: this.stale >= this.spec.patience };
  }
}

export const earlyStoppings: Record<string, RecipeDefinition> = {
  none: { type: 'none', summary: 'Train for protocol.epochs', params: noneParams, axis: 'earlyStopping' },
  patience: {
    type: 'patience',
    summary: 'Stop when the inner-validation metric stops improving (restores the best epoch)',
    params: patienceParams,
    axis: 'earlyStopping',
    check: (p, ctx) =>
      (p as { patience: number }).patience >= ctx.epochs
        ? [
            `patience ${(p as { patience: number }).patience} ≥ protocol.epochs ${ctx.epochs}: training could never stop early; use a patience below ${ctx.epochs}`,
          ]
        : [],
  },
};
