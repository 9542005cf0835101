/**
 * What a protocol can detect. Accuracy: the corrected resampled t-test (Nadeau–Bengio) over
 * J = r·k paired splits rejects at two-sided α with power 1 − β only for a mean difference of at
 * least MDD = (t_{1−α/2, J−1} + t_{1−β, J−1}) · √(1/J + 1/(k−1)) · σ_d, with σ_d the standard
 * deviation of the per-split differences (observed in a run; assumed before one). Error
 * consistency: the example-sampling floor of a difference between two pair κ's, from the
 * large-sample variance of Cohen's κ at N examples, Var(κ̂) ≈ c_obs(1 − c_obs) / (N (1 − c_exp)²),
 * at reference accuracies 0.8 and κ 0.5: Δκ_min = (z_{1−α/2} + z_{1−β}) · √2 · SE(κ̂). Seed-to-seed
 * variation adds to that floor and can only be estimated with ≥ 2 seeds per recipe.
 */
import { studentTQuantile } from './distributions.js';

export interface MddResult {
  splits: number;
  df: number;
  /** MDD / σ_d; null below 2 splits. */
  factor: number | null;
}

/** Minimum detectable accuracy difference in units of σ_d for k folds × r repeats. */
export function minimumDetectableFactor(folds: number, repeats = 1, alpha = 0.05, power = 0.8): MddResult {
  const J = folds * repeats;
  if (J < 2 || folds < 2) return { splits: J, df: J - 1, factor: null };
  const t = studentTQuantile(1 - alpha / 2, J - 1) + studentTQuantile(power, J - 1);
  return { splits: J, df: J - 1, factor: t * Math.sqrt(1 / J + 1 / (folds - 1)) };
}

const Z975 = 1.959963984540054;
const Z80 = 0.8416212335729143;

/** Example-sampling floor of a detectable Δκ_EC between two pairs at N examples (see file comment). */
export function minimumDetectableKappa(examples: number, o: { accuracy?: number; kappa?: number } = {}): number | null {
  if (!(examples > 0)) return null;
  const p = o.accuracy ?? 0.8;
  const k = o.kappa ?? 0.5;
  const cExp = p * p + (1 - p) * (1 - p);
  const cObs = cExp + k * (1 - cExp);
  const se = Math.sqrt((cObs * (1 - cObs)) / (examples * (1 - cExp) ** 2));
  return (Z975 + Z80) * Math.SQRT2 * se;
}

/** σ_d assumed before a run: 1 pp, a typical SD of per-fold accuracy differences between two similar models. */
export const ASSUMED_SPLIT_SD = 0.01;

export interface ProtocolPower {
  splits: number;
  mddFactor: number | null;
  /** MDD at σ_d = `splitSd` (default ASSUMED_SPLIT_SD). */
  mdd: number | null;
  splitSd: number;
  splitSdSource: 'assumed' | 'observed';
  /** Δκ floor at the dataset size, when known. */
  deltaKappa: number | null;
  warnings: string[];
}

/**
 * Power statement and warnings for a protocol: k folds, r repeats, seeds per recipe (minimum over
 * recipes), examples per dataset (smallest, when known) and optionally an observed σ_d.
 */
export function protocolPower(p: {
  folds: number;
  repeats: number;
  seedsPerRecipe: number;
  /** Seeds of each recipe: when only some have one seed, the warning says which share does. */
  seedCounts?: readonly number[];
  examples?: number;
  splitSd?: number;
}): ProtocolPower {
  const m = minimumDetectableFactor(p.folds, p.repeats);
  const sd = p.splitSd ?? ASSUMED_SPLIT_SD;
  const mdd = m.factor === null ? null : m.factor * sd;
  const dk = p.examples ? minimumDetectableKappa(p.examples) : null;
  const warnings: string[] = [];
  const pp = (v: number) => `${(v * 100).toFixed(1)} pp`;
  if (p.folds < 5 && p.repeats <= 1) {
    warnings.push(
      `${p.folds}-fold CV without repeats: the corrected t-test detects (α 0.05, power 0.8) only accuracy differences ≥ ${m.factor === null ? 'n/a' : `${m.factor.toFixed(1)} × σ_d`}${mdd === null ? '' : ` (${pp(mdd)} at σ_d = ${pp(sd)}${p.splitSd === undefined ? ', assumed' : ', observed'})`}; use ≥ 5 folds or repeats (e.g. 5×2 or 10×10) to tell models apart`,
    );
  }
  const single = p.seedCounts?.filter((s) => s < 2).length ?? 0;
  if (p.seedsPerRecipe < 2 && p.seedCounts && single < p.seedCounts.length) {
    warnings.push(
      `${single} of ${p.seedCounts.length} recipes have one seed: their variation over training seeds cannot be estimated (their CIs cover examples only, and they add nothing to the same-recipe reference); give them ≥ 2 seeds, or keep one where the training is deterministic`,
    );
  } else if (p.seedsPerRecipe < 2) {
    warnings.push(
      'one seed per recipe: variation over training seeds cannot be estimated — the same-recipe reference, the seed level of the two-level bootstrap and the separation of "recipe" from "seed" in the attribution are undefined; use ≥ 2 (better ≥ 3) seeds',
    );
  }
  return { splits: m.splits, mddFactor: m.factor, mdd, splitSd: sd, splitSdSource: p.splitSd === undefined ? 'assumed' : 'observed', deltaKappa: dk, warnings };
}
