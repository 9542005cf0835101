/**
 * Learning-rate schedules: the rate as a multiple of the optimizer's own `learningRate`, at a
 * (fractional) epoch `t = epoch + batch / batchesPerEpoch`. Step and exponential decay change at
 * epoch boundaries; cosine (with linear warm-up) is smooth per batch; reduce-on-plateau watches the
 * loss on an inner validation split carved from the training fold and cuts the rate when it stalls.
 */
import { z } from 'zod';
import type { RecipeDefinition } from './types.js';

const fraction = z.number().gt(0).lt(1);
export const ValidationFractionSchema = z
  .number()
  .min(0.05)
  .max(0.5)
  .default(0.1)
  .describe('share of the training fold held out (stratified) as the inner validation split');

const constantParams = z.object({}).strict();
const stepParams = z
  .object({
    stepSize: z.number().int().min(1).max(10000).default(2).describe('epochs between decays'),
    gamma: fraction.default(0.5).describe('factor applied every stepSize epochs (0 < gamma < 1)'),
  })
  .strict();
const exponentialParams = z
  .object({
    gamma: fraction.default(0.8).describe('factor applied every epoch (0 < gamma < 1)'),
  })
  .strict();
const cosineParams = z
  .object({
    warmupEpochs: z.number().min(0).max(10000).default(0).describe('linear warm-up from ~0 to the full rate (may be fractional)'),
    minFactor: z.number().min(0).lt(1).default(0).describe('the rate at the end, as a fraction of the full rate'),
  })
  .strict();
const plateauParams = z
  .object({
    factor: fraction.default(0.5).describe('factor applied when the validation loss stalls'),
    patience: z.number().int().min(0).max(1000).default(1).describe('epochs without improvement before a cut'),
    minDelta: z.number().min(0).default(1e-4).describe('smallest decrease that counts as an improvement'),
    minFactor: z.number().gt(0).max(1).default(0.01).describe('never below this fraction of the full rate'),
    validationFraction: ValidationFractionSchema,
  })
  .strict();

export type ScheduleSpec =
  | { type: 'constant' }
  | ({ type: 'step' } & z.infer<typeof stepParams>)
  | ({ type: 'exponential' } & z.infer<typeof exponentialParams>)
  | ({ type: 'cosine' } & z.infer<typeof cosineParams>)
  | ({ type: 'plateau' } & z.infer<typeof plateauParams>);

export interface Scheduler {
  /** Multiplier of the base rate at fractional epoch `t` of `epochs`. */
  factor(t: number): number;
  /** Reduce-on-plateau: the epoch's inner-validation loss (others ignore it). */
  observe(epoch: number, validationLoss: number): void;
  readonly needsValidation: boolean;
  /** Epochs at which the rate was cut (plateau), for the record. */
  readonly cuts: number[];
}

export function createScheduler(spec: ScheduleSpec, epochs: number): Scheduler {
  const cuts: number[] = [];
  switch (spec.type) {
    case 'constant':
      return { factor: () => 1, observe() {}, needsValidation: false, cuts };
    case 'step':
      return { factor: (t) => spec.gamma ** Math.floor(Math.floor(t) / spec.stepSize), observe() {}, needsValidation: false, cuts };
    case 'exponential':
      return { factor: (t) => spec.gamma ** Math.floor(t), observe() {}, needsValidation: false, cuts };
    case 'cosine':
      return {
        factor(t) {
          const w = spec.warmupEpochs;
          // Warm-up reaches the full rate at t = w (the first batch gets a small, non-zero rate).
          if (t < w) return Math.max(t, 1e-3 * w) / w;
          const span = Math.max(epochs - w, 1e-9);
          const progress = Math.min(1, Math.max(0, (t - w) / span));
          return spec.minFactor + (1 - spec.minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
        },
        observe() {},
        needsValidation: false,
        cuts,
      };
    case 'plateau': {
      let current = 1;
      let best = Infinity;
      let stale = 0;
      return {
        factor: () => current,
        observe(epoch, loss) {
          if (loss < best - spec.minDelta) {
            best = loss;
            stale = 0;
            return;
          }
          stale++;
          if (stale > spec.patience && current > spec.minFactor) {
            current = Math.max(spec.minFactor, current * spec.factor);
            stale = 0;
            cuts.push(epoch);
          }
        },
        needsValidation: true,
        cuts,
      };
    }
  }
}

/** Settings that parse but make the schedule a no-op or a cliff within protocol.epochs. */
export function scheduleProblems(spec: ScheduleSpec, epochs: number): string[] {
  if (spec.type === 'step' && spec.stepSize >= epochs)
    return [`stepSize ${spec.stepSize} ≥ protocol.epochs ${epochs}: the rate would never decay; use a stepSize below ${epochs} or the constant schedule`];
  if (spec.type === 'cosine' && spec.warmupEpochs >= epochs)
    return [
      `warmupEpochs ${spec.warmupEpochs} ≥ protocol.epochs ${epochs}: training would end inside the warm-up; use fewer warm-up epochs (e.g. ${Math.max(0, Math.floor(epochs / 4))})`,
    ];
  if (spec.type === 'plateau' && spec.patience >= epochs - 1)
    return [`patience ${spec.patience} leaves no epoch for a cut within protocol.epochs ${epochs}; use a patience below ${Math.max(0, epochs - 1)}`];
  return [];
}

function def<P>(type: ScheduleSpec['type'], summary: string, params: z.ZodType<P>): RecipeDefinition<P> {
  return { type, summary, params, axis: 'schedules', check: (p, ctx) => scheduleProblems({ type, ...(p as object) } as ScheduleSpec, ctx.epochs) };
}

export const schedules: Record<string, RecipeDefinition> = {
  constant: def('constant', "The optimizer's learning rate throughout", constantParams),
  step: def('step', 'Multiply the rate by gamma every stepSize epochs', stepParams),
  exponential: def('exponential', 'Multiply the rate by gamma every epoch', exponentialParams),
  cosine: def('cosine', 'Cosine decay to minFactor, after an optional linear warm-up (per batch)', cosineParams),
  plateau: def('plateau', 'Reduce on plateau: cut the rate when the inner-validation loss stalls', plateauParams),
};
