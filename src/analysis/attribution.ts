/**
 * Noise floor and attribution (issue 4, item 3): the mean of a pairwise index over pairs grouped
 * by which factors differ. Pairs of the same recipe (architecture and optimizer equal, seed
 * differs) give the "same recipe" ceiling; the other groups show whether changing the optimizer,
 * the architecture or both buys diversity beyond reseeding. The optimizer / architecture / both
 * groups pool over seeds (same or different), so they include seed variation as the ceiling does.
 */

/** A model's factors from the suite. Values are compared as strings. */
export interface ModelFactors {
  architecture?: string;
  optimizer?: string;
  seed?: string;
}

export type FactorGroup = 'seed' | 'optimizer' | 'architecture' | 'both';

export interface GroupMean {
  /** Mean over the group's pairs with a defined value; null when none. */
  mean: number | null;
  /** Pairs in the group. */
  pairs: number;
  /** Pairs in the group whose value is null (left out of the mean). */
  excluded: number;
}

export interface AttributionResult {
  seed: GroupMean;
  optimizer: GroupMean;
  architecture: GroupMean;
  both: GroupMean;
  /** Pairs not attributed: a model without factors, or two models with identical factors. */
  unattributed: number;
}

/** Which factor group a pair belongs to, or null when it cannot be attributed. */
export function factorGroup(a: ModelFactors | undefined, b: ModelFactors | undefined): FactorGroup | null {
  if (!a || !b || a.architecture === undefined || b.architecture === undefined || a.optimizer === undefined || b.optimizer === undefined) return null;
  const arch = a.architecture !== b.architecture;
  const opt = a.optimizer !== b.optimizer;
  if (arch && opt) return 'both';
  if (arch) return 'architecture';
  if (opt) return 'optimizer';
  if (a.seed !== undefined && b.seed !== undefined && a.seed !== b.seed) return 'seed';
  return null;
}

/** Means of a pairwise matrix by factor group. */
export function attribute(matrix: readonly (readonly (number | null)[])[], factors: readonly (ModelFactors | undefined)[]): AttributionResult {
  const acc: Record<FactorGroup, { sum: number; n: number; pairs: number; excluded: number }> = {
    seed: { sum: 0, n: 0, pairs: 0, excluded: 0 },
    optimizer: { sum: 0, n: 0, pairs: 0, excluded: 0 },
    architecture: { sum: 0, n: 0, pairs: 0, excluded: 0 },
    both: { sum: 0, n: 0, pairs: 0, excluded: 0 },
  };
  let unattributed = 0;
  const M = factors.length;
  for (let i = 0; i < M; i++) {
    for (let j = i + 1; j < M; j++) {
      const g = factorGroup(factors[i], factors[j]);
      if (g === null) {
        unattributed++;
        continue;
      }
      const a = acc[g];
      a.pairs++;
      const v = matrix[i][j];
      if (v === null) a.excluded++;
      else {
        a.sum += v;
        a.n++;
      }
    }
  }
  const out = (g: FactorGroup): GroupMean => ({ mean: acc[g].n === 0 ? null : acc[g].sum / acc[g].n, pairs: acc[g].pairs, excluded: acc[g].excluded });
  return { seed: out('seed'), optimizer: out('optimizer'), architecture: out('architecture'), both: out('both'), unattributed };
}
