/**
 * The recipe-level leaderboard, the default view: one row per recipe (cells equal on every factor
 * except seed and random streams), accuracy = mean over its seeds of the out-of-fold accuracy, CI =
 * two-level bootstrap (seeds within the recipe, then examples; examples only for a one-seed
 * recipe), one verdict against the best recipe, the per-seed values beneath, and a chance-level
 * reference row. Notes state what the protocol can detect (analysis/power.ts).
 */
import { formatInterval, pairedDifferenceCis, protocolPower, verdict, type AnalysisResult, type ValidatedPredictions } from '../../analysis/index.js';
import { isRandomKey } from '../../analysis/index.js';
import type { CompletedResult } from '../../store/results.js';
import { pct } from '../format.js';
import type { BadgeView, RecipeBoardView, RecipeRowView } from '../types.js';
import { splitAccuracies, verdictBadge } from './ties.js';

export interface RecipeBoardInput {
  readonly cells: readonly CompletedResult[];
  readonly analysis: AnalysisResult;
  readonly predictions: ValidatedPredictions;
  readonly folds: number;
  readonly repeats: number;
}

function labelOf(f: Readonly<Record<string, string>> | undefined, fallback: string): string {
  if (!f) return fallback;
  const order = ['family', 'architecture', 'optimizer'];
  const keys = Object.keys(f)
    .filter((k) => !isRandomKey(k) && k !== 'dataset')
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return keys.map((k) => f[k]).join(' / ') || fallback;
}

const sd = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, x.length - 1));
};

export function buildRecipeBoard(input: RecipeBoardInput): RecipeBoardView | null {
  const a = input.analysis;
  const p = input.predictions;
  const N = p.labels.length;
  const byId = new Map(input.cells.map((c) => [c.cellId, c]));
  const groups = new Map<string, number[]>();
  a.models.forEach((id, m) => {
    const r = a.recipes[id] ?? id;
    const g = groups.get(r);
    if (g) g.push(m);
    else groups.set(r, [m]);
  });
  if (groups.size < 1) return null;
  const B = a.bootstrap?.meanAccuracy.resamples ?? 0;
  const recipes = [...groups.entries()]
    .map(([recipe, ms]) => {
      const acc = ms.reduce((s, m) => s + a.accuracy[a.models[m]], 0) / ms.length;
      const splitsPer = ms.map((m) => byId.get(a.models[m])).map((c) => (c ? splitAccuracies(c.folds) : null));
      const J = splitsPer[0]?.length ?? 0;
      const splits = splitsPer.every((s) => s && s.length === J && J >= 2)
        ? Array.from({ length: J }, (_, j) => splitsPer.reduce((s, x) => s + (x as number[])[j], 0) / ms.length)
        : null;
      const correct = new Float64Array(N);
      for (const m of ms) for (let x = 0; x < N; x++) if (p.preds[m][x] === p.labels[x]) correct[x] += 1 / ms.length;
      const seedOf = (m: number) => p.factors[m]?.seed ?? a.models[m];
      return {
        recipe,
        ms,
        acc,
        splits,
        correct,
        label: labelOf(p.factors[ms[0]], a.models[ms[0]]),
        perSeed: ms.map((m) => `s${seedOf(m)} ${pct(a.accuracy[a.models[m]])}`).join(' · '),
      };
    })
    .sort((x, y) => y.acc - x.acc);
  const best = recipes[0];
  // every recipe against the best, on the same resamples drawn once
  const exampleCis =
    B > 0
      ? pairedDifferenceCis(
          recipes.map((r) => r.correct),
          best.correct,
          { resamples: B, seed: 0 },
        )
      : null;
  const diffsSd: number[] = [];
  const rows: RecipeRowView[] = recipes.map((r, i) => {
    const ci = a.twoLevel?.recipeAccuracy[r.recipe];
    const covers = ci?.covers.includes('seeds') ? 'seeds × examples' : 'examples only (one seed)';
    let badge: BadgeView | null = null;
    if (i === 0) badge = { text: 'best recipe', kind: 'best', title: 'highest mean accuracy over seeds: the reference of every verdict' };
    else {
      const ex = exampleCis ? exampleCis[i] : null;
      const split = r.splits && best.splits ? { row: r.splits, reference: best.splits, folds: input.folds } : null;
      if (split) diffsSd.push(sd(split.row.map((v, j) => v - split.reference[j])));
      badge = verdictBadge(verdict(split, ex));
    }
    return {
      rank: i + 1,
      label: r.label,
      recipe: r.recipe,
      seeds: r.ms.length,
      accuracy: r.acc,
      display: pct(r.acc),
      ci: ci ? `${formatInterval(ci, pct)} (${covers})` : '',
      badge,
      perSeed: r.perSeed,
      chance: false,
    };
  });
  const counts = new Map<number, number>();
  for (const y of p.labels) counts.set(y, (counts.get(y) ?? 0) + 1);
  const chance = Math.max(...counts.values()) / N;
  rows.push({
    rank: null,
    label: 'chance: always the most frequent class',
    recipe: '',
    seeds: 0,
    accuracy: chance,
    display: pct(chance),
    ci: '',
    badge: { text: 'reference', kind: 'baseline', title: 'accuracy of a constant prediction of the majority class' },
    perSeed: '',
    chance: true,
  });
  const seedsMin = Math.min(...recipes.map((r) => r.ms.length));
  const observedSd = diffsSd.length ? [...diffsSd].sort((x, y) => x - y)[Math.floor(diffsSd.length / 2)] : undefined;
  const power = protocolPower({
    folds: input.folds,
    repeats: input.repeats,
    seedsPerRecipe: seedsMin,
    seedCounts: recipes.map((r) => r.ms.length),
    examples: N,
    splitSd: observedSd && observedSd > 0 ? observedSd : undefined,
  });
  const notes = [
    `One row per recipe (cells equal on every factor except the seed and the random streams); accuracy = mean over the recipe's seeds of the out-of-fold accuracy. CI: 95% two-level bootstrap — seeds within the recipe, then examples — so it covers training randomness and test-set sampling; a one-seed recipe's CI covers examples only. Per-seed values are beneath each recipe; every cell is in the per-seed table below.`,
    `Verdicts as in the per-seed table, between recipes: Bayesian correlated t-test on the seed-averaged per-split accuracies, and the paired bootstrap over examples of the difference of seed-averaged correctness.`,
    `What this protocol can detect (α 0.05, power 0.8): accuracy differences ≥ ${power.mdd === null ? 'n/a (fewer than 2 splits)' : `${(power.mdd * 100).toFixed(1)} pp`} between two recipes (corrected t-test over ${power.splits} splits: ${power.mddFactor === null ? 'n/a' : power.mddFactor.toFixed(2)} × σ_d, σ_d = ${(power.splitSd * 100).toFixed(2)} pp ${power.splitSdSource === 'observed' ? 'observed (median SD of per-split differences with the best recipe)' : 'assumed'}); Δκ_EC between two pairs ≥ ${power.deltaKappa === null ? 'n/a' : power.deltaKappa.toFixed(3)} from test-set sampling alone at ${N} examples (seed variation adds to it; see the README).`,
  ];
  return { rows, notes, warnings: power.warnings };
}
