/**
 * The example resamples of the bootstraps over examples (headline-bootstrap.ts,
 * two-level-bootstrap.ts): resample b is the b-th resampleCounts(N) draw of mulberry32(seed),
 * drawn AGREEMENT_BATCH at a time with both plans' pairwise counts from one packed pass each
 * (agreement-batch.ts). Consumers see every batch in order. The headline and the two-level
 * bootstrap take the same example resamples (common random numbers: what separates their
 * intervals is the seed draws, not different example draws), so analyzePredictions runs these
 * passes once for both.
 */
import type { AgreementPlan } from './agreement.js';
import { AGREEMENT_BATCH, weightedAgreementBatch, type AgreementBatchResult } from './agreement-batch.js';
import { mulberry32, resampleCounts } from './bootstrap.js';

export interface ResamplePlans {
  /** Plan over correctness codes (0 wrong, 1 right). */
  correctnessPlan: AgreementPlan;
  /** Plan over predicted labels. */
  labelPlan: AgreementPlan;
}

export interface ResampleBatch {
  /** Multiplicities of the examples, one vector per resample of the batch. */
  weights: readonly Int32Array[];
  /** Per resample: pairwise agreement over correctness, with each model's correct count (ones), and over labels. Valid during the visit only. */
  corr: AgreementBatchResult;
  lab: AgreementBatchResult;
}

export interface ResampleConsumer {
  add(batch: ResampleBatch): void;
}

/** Draws B example resamples from `seed` and hands each batch, with its counts, to every consumer in turn. */
export function runResamples(plans: ResamplePlans, B: number, seed: number, consumers: readonly ResampleConsumer[]): void {
  const N = plans.correctnessPlan.examples;
  const rng = mulberry32(seed);
  const ws = Array.from({ length: Math.min(B, AGREEMENT_BATCH) }, () => new Int32Array(N));
  for (let b0 = 0; b0 < B; b0 += AGREEMENT_BATCH) {
    const weights = ws.slice(0, Math.min(AGREEMENT_BATCH, B - b0));
    for (const w of weights) resampleCounts(N, rng, w);
    const corr = weightedAgreementBatch(plans.correctnessPlan, weights);
    const lab = weightedAgreementBatch(plans.labelPlan, weights);
    for (const c of consumers) c.add({ weights, corr, lab });
  }
}
