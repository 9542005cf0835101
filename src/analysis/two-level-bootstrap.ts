/**
 * Two-level bootstrap (METRICS.md §10.2): one resample draws, for each recipe, S_r of its seeds
 * with replacement, then N examples with replacement (paired across models), and recomputes the
 * headline indices on the drawn models and examples. The example resamples are the headline
 * bootstrap's (resample-batches.ts: common random numbers, so what separates the two intervals is
 * the seed draws, not different example draws); the seeds come from a stream of their own. Conventions for a model drawn twice:
 * averages over models count it twice; pairwise means take the pairs of two distinct drawn models
 * (a copy paired with itself is no pair), weighted by multiplicity; the M-way systemic-failure
 * indices use the distinct drawn models (a copy would fail together with itself, not
 * independently). The M-way indices — systemic failure, log₂ H, NSF, oracle accuracy and the Vendi
 * score — are functions of the set of models, and a seed drawn twice shrinks that set: a resample
 * with fewer distinct models fails together more often and counts fewer effective models by
 * construction, so their seed-level intervals sat beside, not around, the estimate (the default
 * suite's Vendi 6.7 with a "CI" of [4.9, 6.4]). Their intervals resample examples only, with every
 * model kept, and say so. With one seed per recipe the seed level is undefined and every interval
 * covers examples only — it says so.
 */
import { weightedAgreement, weightedCodeCounts, type AgreementPlan } from './agreement.js';
import { popcount32, type CorrectnessMatrix } from './correctness.js';
import { mulberry32 } from './bootstrap.js';
import { meanKappa } from './kappa-mean.js';
import { kappaFromAgreement } from './error-consistency.js';
import { runResamples, type ResampleBatch, type ResampleConsumer } from './resample-batches.js';
import { percentileInterval, type CiLevel, type Interval } from './interval.js';
import { systemicFailureIndices } from './systemic-failure.js';
import { vendiScore } from './vendi.js';

export interface TwoLevelInput {
  correctnessPlan: AgreementPlan;
  labelPlan: AgreementPlan;
  /** The bit-packed correctness matrix of the same models. */
  correctness: CorrectnessMatrix;
  numClasses: number;
  /** Recipe of each model; models of one recipe are its seeds. */
  recipes: readonly string[];
}

export interface TwoLevelOptions {
  resamples?: number;
  seed?: number;
  level?: number;
  /** Skip the Vendi bootstrap above this many models (eigendecompositions cost M³ per resample). Default 60. */
  maxVendiModels?: number;
}

export interface TwoLevelBootstrap {
  covers: CiLevel[];
  seedLevel: { defined: boolean; reason?: string; recipes: number; minSeeds: number; maxSeeds: number };
  meanAccuracy: Interval;
  /** Mean accuracy over a recipe's seeds, by recipe. */
  recipeAccuracy: Record<string, Interval>;
  errorConsistencyMean: Interval;
  capaDiscreteMean: Interval;
  systemicFailureObserved: Interval;
  log2h: Interval;
  nsf: Interval;
  oracleAccuracy: Interval;
  vendi: Interval | null;
  /** Resamples in which no example failed every drawn model (log₂ H = −∞, NSF at its lower branch). */
  zeroAllFailResamples: number;
}

/** Σ_x w_x over the examples every model with mult > 0 gets wrong (bitset AND, then the set bits). */
function allFailWeight(c: CorrectnessMatrix, w: Int32Array | null, wrong: Uint32Array): number {
  const W = c.words;
  const N = c.examples;
  wrong.fill(0xffffffff);
  for (let m = 0; m < c.models; m++) for (let k = 0; k < W; k++) wrong[k] &= ~c.bits[m * W + k];
  let s = 0;
  for (let k = 0; k < W; k++) {
    let word = wrong[k] & (k === W - 1 && N % 32 ? (1 << (N % 32)) - 1 : 0xffffffff);
    if (!w) {
      s += popcount32(word);
      continue;
    }
    while (word) {
      const bit = 31 - Math.clz32(word & -word);
      s += w[(k << 5) + bit];
      word &= word - 1;
    }
  }
  return s;
}

/** The headline values on models with multiplicities `mult`, from the resample's weighted counts. */
function values(
  inp: TwoLevelInput,
  mult: Int32Array,
  w: Int32Array | null,
  right: Float64Array,
  corr: Float64Array,
  lab: Float64Array,
  wrongScratch: Uint32Array,
  withVendi: boolean,
) {
  const M = inp.recipes.length;
  const N = inp.correctnessPlan.examples;
  const p = Array.from(right, (v) => v / N);
  const constant = (i: number) => p[i] <= 1e-12 || p[i] >= 1 - 1e-12;
  let accSum = 0,
    accN = 0;
  const recipeSum = new Map<string, { s: number; n: number }>();
  for (let m = 0; m < M; m++) {
    if (!mult[m]) continue;
    accSum += mult[m] * p[m];
    accN += mult[m];
    const r = recipeSum.get(inp.recipes[m]) ?? { s: 0, n: 0 };
    r.s += mult[m] * p[m];
    r.n += mult[m];
    recipeSum.set(inp.recipes[m], r);
  }
  // pairs of two distinct drawn models, weighted by multiplicity; for κ, a constant-correctness model's pairs are left out
  const ec = meanKappa(M, corr, N, p, 1, mult, constant);
  const share = 1 / (inp.numClasses - 1);
  const capa = meanKappa(M, lab, N, p, share, mult);
  // M-way indices over every model (see the file comment); they depend on the histogram only
  // through the all-fail share, so a two-bin histogram (all fail / not) gives the same observed,
  // H, log₂H, NSF
  const allFail = allFailWeight(inp.correctness, w, wrongScratch);
  const hist = new Float64Array(M + 1);
  hist[M] = allFail;
  hist[0] = N - allFail;
  const sf = systemicFailureIndices(
    hist,
    p.map((v) => 1 - v),
  );
  const log2h = sf.log2h ?? (sf.h === 0 ? -Infinity : null);
  let vendi: number | null = null;
  if (withVendi) {
    const K: (number | null)[][] = Array.from({ length: M }, (_, i) =>
      Array.from({ length: M }, (_, j) => (i === j ? 1 : kappaFromAgreement(corr[i * M + j] / N, p[i], p[j]).value)),
    );
    vendi = vendiScore(K, { nullAs: 1 }).value;
  }
  const recipeAcc = new Map([...recipeSum].map(([r, v]) => [r, v.s / v.n]));
  return { meanAcc: accSum / accN, recipeAcc, ec, capa, sf, log2h, vendi, zeroAllFail: allFail === 0 };
}

/** The stream of the seed draws: apart from the example resamples' (mulberry32(seed), resample-batches.ts). */
export const SEED_DRAW_STREAM = 0x85ebca6b;

/** Two-level (seeds within recipe, then examples) bootstrap of the headline indices. */
export function twoLevelBootstrap(inp: TwoLevelInput, options: TwoLevelOptions = {}): TwoLevelBootstrap {
  const acc = twoLevelAccumulator(inp, options);
  runResamples(inp, options.resamples ?? 1000, options.seed ?? 0, [acc]);
  return acc.finish();
}

/**
 * twoLevelBootstrap as a consumer of runResamples' batches: each resample's seeds are drawn here
 * (per recipe, in order of first appearance, from mulberry32(seed ^ SEED_DRAW_STREAM)), its examples
 * are the batch's; finish() after the last batch.
 */
export function twoLevelAccumulator(inp: TwoLevelInput, options: TwoLevelOptions = {}): ResampleConsumer & { finish(): TwoLevelBootstrap } {
  const B = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const M = inp.recipes.length;
  const byRecipe = new Map<string, number[]>();
  inp.recipes.forEach((r, m) => {
    const g = byRecipe.get(r);
    if (g) g.push(m);
    else byRecipe.set(r, [m]);
  });
  const groups = [...byRecipe.values()];
  const sizes = groups.map((g) => g.length);
  const seedDefined = sizes.some((s) => s >= 2);
  const covers: CiLevel[] = seedDefined ? ['seeds', 'examples'] : ['examples'];
  const withVendi = M <= (options.maxVendiModels ?? 60);
  const method = seedDefined
    ? `two-level bootstrap: seeds within each recipe, then examples (${B} resamples, seed ${seed})${sizes.some((s) => s < 2) ? `; ${sizes.filter((s) => s < 2).length} recipe(s) with one seed add no seed variation` : ''}`
    : `bootstrap over examples only (${B} resamples, seed ${seed}): one seed per recipe, so the seed level is undefined`;
  const scratch = new Uint32Array(inp.correctness.words);
  const ones = new Int32Array(M).fill(1);
  const est = values(
    inp,
    ones,
    null,
    weightedCodeCounts(inp.correctnessPlan, null, 1),
    weightedAgreement(inp.correctnessPlan, null),
    weightedAgreement(inp.labelPlan, null),
    scratch,
    withVendi,
  );
  const rng = mulberry32((seed ^ SEED_DRAW_STREAM) >>> 0);
  const mult = new Int32Array(M);
  const series = {
    meanAcc: [] as number[],
    ec: [] as (number | null)[],
    capa: [] as (number | null)[],
    sfr: [] as number[],
    log2h: [] as (number | null)[],
    nsf: [] as (number | null)[],
    oracle: [] as number[],
    vendi: [] as (number | null)[],
  };
  const recipeSeries = new Map<string, number[]>([...byRecipe.keys()].map((r) => [r, []]));
  let zero = 0;
  const add = ({ weights: batch, corr, lab }: ResampleBatch) => {
    for (let l = 0; l < batch.length; l++) {
      mult.fill(0);
      for (const g of groups) for (let d = 0; d < g.length; d++) mult[g[Math.floor(rng() * g.length)]]++;
      const right = corr.ones ? corr.ones[l] : weightedCodeCounts(inp.correctnessPlan, batch[l], 1);
      const v = values(inp, mult, batch[l], right, corr.agreement[l], lab.agreement[l], scratch, withVendi);
      series.meanAcc.push(v.meanAcc);
      for (const [r, a] of v.recipeAcc) recipeSeries.get(r)?.push(a);
      series.ec.push(v.ec);
      series.capa.push(v.capa);
      series.sfr.push(v.sf.observed);
      series.log2h.push(v.log2h);
      series.nsf.push(v.sf.nsf);
      series.oracle.push(v.sf.oracleAccuracy);
      series.vendi.push(v.vendi);
      if (v.zeroAllFail) zero++;
    }
  };
  const finish = (): TwoLevelBootstrap => {
    if (series.meanAcc.length !== B) throw new Error(`two-level bootstrap: ${series.meanAcc.length} of ${B} resamples added`);
    const o = { level, seed, covers, method };
    const ci = (e: number | null, reps: (number | null)[]) => percentileInterval(e, reps, o);
    const setOptions = {
      level,
      seed,
      covers: ['examples'] as CiLevel[],
      method: `bootstrap over examples with every model kept (${B} resamples, seed ${seed}): drawing seeds with replacement would shrink the set of models this index is computed on`,
    };
    const setCi = (e: number | null, reps: (number | null)[]) => percentileInterval(e, reps, setOptions);
    return {
      covers,
      seedLevel: {
        defined: seedDefined,
        recipes: groups.length,
        minSeeds: Math.min(...sizes),
        maxSeeds: Math.max(...sizes),
        ...(seedDefined ? {} : { reason: 'one seed per recipe: variation over training seeds cannot be estimated' }),
      },
      meanAccuracy: ci(est.meanAcc, series.meanAcc),
      recipeAccuracy: Object.fromEntries(
        [...recipeSeries].map(([r, reps]) => [
          r,
          percentileInterval(est.recipeAcc.get(r) ?? null, reps, {
            ...o,
            covers: (byRecipe.get(r)?.length ?? 0) >= 2 ? ['seeds', 'examples'] : ['examples'],
            method: (byRecipe.get(r)?.length ?? 0) >= 2 ? method : `bootstrap over examples only (${B} resamples): this recipe has one seed`,
          }),
        ]),
      ),
      errorConsistencyMean: ci(est.ec, series.ec),
      capaDiscreteMean: ci(est.capa, series.capa),
      systemicFailureObserved: setCi(est.sf.observed, series.sfr),
      log2h: setCi(est.log2h, series.log2h),
      nsf: setCi(est.sf.nsf, series.nsf),
      oracleAccuracy: setCi(est.sf.oracleAccuracy, series.oracle),
      vendi: withVendi ? setCi(est.vendi, series.vendi) : null,
      zeroAllFailResamples: zero,
    };
  };
  return { add, finish };
}
