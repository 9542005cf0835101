// METRICS §10 measures against scripts/gen-stats-fixtures.py (numpy / scipy), plus hand-computed cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { correctnessMatrix } from '../../src/analysis/correctness.js';
import { errorConsistency } from '../../src/analysis/error-consistency.js';
import { ols } from '../../src/analysis/ols.js';
import { pairRegression } from '../../src/analysis/pair-regression.js';
import { vendiScore, symmetricEigenvalues } from '../../src/analysis/vendi.js';
import { diversityCurves, log2hAtFixedM } from '../../src/analysis/diversity-curves.js';
import { close } from './helpers.js';

const ref = JSON.parse(readFileSync(new URL('../fixtures/analysis/stats-reference.json', import.meta.url), 'utf8'));
const reg = ref.regression;
const labels = Int32Array.from(reg.labels as number[]);
const preds = (reg.preds as number[][]).map((p) => Int32Array.from(p));
const c = correctnessMatrix(labels, preds);
const acc = Array.from(c.correct, (v) => v / labels.length);
const ec = errorConsistency(c);

test('pairwise regression coefficients match numpy lstsq (aliased keys merged, unshared stream not identifiable)', () => {
  const r = pairRegression(ec.matrix, acc, reg.factors, { resamples: 0, permutations: 0 });
  const fitted = r.terms.filter((t) => t.reason === undefined || t.identifiable);
  assert.deepEqual(
    fitted.map((t) => t.factor),
    reg.terms,
  );
  fitted.forEach((t, i) => close(t.estimate, reg.coefficients[i], 1e-9, t.factor));
  close(r.intercept, reg.intercept, 1e-9);
  close(r.meanAccuracy.estimate, reg.meanAccuracy, 1e-9);
  close(r.accuracyGap.estimate, reg.accuracyGap, 1e-9);
  close(r.r2, reg.r2, 1e-9);
  const init = r.terms.find((t) => t.factor === 'stream:init');
  assert.ok(init && !init.identifiable && /no pair shares it/.test(init.reason ?? ''));
  assert.ok(!r.terms.some((t) => t.keys.includes('dataset')), 'dataset is never a factor');
  close(r.sameRecipeReference.mean, reg.sameRecipeMean, 1e-12);
  assert.equal(r.sameRecipeReference.pairs, reg.sameRecipePairs);
});

test('dyadic bootstrap and permutation test: CIs cover the estimate, p in (0, 1], every resample counted', () => {
  const r = pairRegression(ec.matrix, acc, reg.factors, { resamples: 200, permutations: 99, seed: 3 });
  for (const t of r.terms.filter((x) => x.identifiable)) {
    assert.ok(t.ci && t.ci.lo !== null && t.ci.hi !== null, t.factor);
    assert.ok(t.ci.lo <= (t.estimate as number) && (t.estimate as number) <= t.ci.hi, `${t.factor} CI [${t.ci.lo}, ${t.ci.hi}] misses ${t.estimate}`);
    assert.equal(t.ci.resamples, 200);
    assert.deepEqual(t.ci.covers, ['models']);
    assert.ok(t.p !== null && t.p > 0 && t.p <= 1);
    assert.equal(t.permutations + t.undefinedPermutations, 99);
  }
  // architecture strongly matters in the generator (shared per-architecture noise): smallest p possible
  const arch = r.terms.find((t) => t.factor === 'architecture');
  assert.equal(arch?.p, 1 / 100);
  assert.deepEqual(arch?.permutedWithin, ['optimizer'], 'within optimizer levels (seed/streams would leave nothing to permute with unique init streams)');
  // groups split by randomness: same recipe pairs never share the data-order stream (different seeds)
  const same = r.groups.filter((g) => g.differing.length === 0);
  assert.deepEqual(
    same.map((g) => g.randomness),
    ['independent'],
  );
  const archShared = r.groups.find((g) => g.label === 'differ in architecture' && g.randomness === 'shared');
  const archIndep = r.groups.find((g) => g.label === 'differ in architecture' && g.randomness === 'independent');
  assert.ok(archShared && archIndep && archShared.pairs === 18 && archIndep.pairs === 36);
});

test('regression: a factor without variation is not identifiable; identical results are deterministic', () => {
  const f = reg.factors.map((x: Record<string, string>) => ({ ...x, family: 'network' }));
  const a = pairRegression(ec.matrix, acc, f, { resamples: 20, permutations: 9, seed: 1 });
  const b = pairRegression(ec.matrix, acc, f, { resamples: 20, permutations: 9, seed: 1 });
  assert.deepEqual(a, b);
  const fam = a.terms.find((t) => t.factor === 'family');
  assert.ok(fam && !fam.identifiable && /every pair shares it/.test(fam.reason ?? ''));
});

test('OLS drops a column collinear with earlier ones, like numpy lstsq on the reduced design', () => {
  const r = ols(ref.olsCollinear.columns, ref.olsCollinear.y);
  assert.deepEqual(r.dropped, [3]);
  ref.olsCollinear.coefficients.forEach((v: number | null, i: number) =>
    v === null ? assert.equal(r.coefficients[i], null) : close(r.coefficients[i], v, 1e-9),
  );
});

test('Vendi score matches numpy eigvalsh; M for unrelated, 1 for identical, 3 for three identical pairs', () => {
  close(vendiScore(ref.vendi.kappa).value, ref.vendi.value, 1e-9);
  close(
    vendiScore([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]).value,
    4,
    1e-12,
  );
  close(vendiScore(Array.from({ length: 5 }, () => [1, 1, 1, 1, 1])).value, 1, 1e-9);
  const blocks = [
    [1, 1, 0, 0, 0, 0],
    [1, 1, 0, 0, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 1, 1],
    [0, 0, 0, 0, 1, 1],
  ];
  close(vendiScore(blocks).value, ref.vendi.blocks, 1e-9);
  close(ref.vendi.blocks, 3, 1e-9);
  // a model drawn twice (bootstrap weight 2) is an identical copy
  close(
    vendiScore(
      [
        [1, 0],
        [0, 1],
      ],
      { weights: [2, 1] },
    ).value,
    vendiScore([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]).value ?? NaN,
    1e-12,
  );
  const ev = Array.from(symmetricEigenvalues([2, 1, 1, 2], 2)).sort();
  close(ev[0], 1, 1e-12);
  close(ev[1], 3, 1e-12);
});

test('diversity curves (every subset enumerated) match numpy: SFR, majority vote, mean-probability ensemble, independence', () => {
  const sub: number[] = ref.curves.models;
  const subPreds = sub.map((m) => preds[m]);
  const probs = (ref.curves.probs as number[][][]).map((p) => Float64Array.from(p.flat()));
  const curves = diversityCurves(
    { labels, preds: subPreds, probs, numClasses: reg.numClasses, correctness: correctnessMatrix(labels, subPreds) },
    { subsets: 200 },
  );
  const all = curves[0];
  assert.equal(all.pool, 'all');
  for (const [i, e] of (ref.curves.points as Array<Record<string, any>>).entries()) {
    const p = all.points[i];
    assert.equal(p.k, e.k);
    assert.equal(p.subsets, e.subsets);
    assert.ok(p.exhaustive);
    for (const [mine, theirs] of [
      [p.systemicFailure, e.systemicFailure],
      [p.majorityVote, e.majorityVote],
      [p.meanProbability, e.meanProbability],
      [p.independentSystemicFailure, e.independent],
    ] as const) {
      close(mine?.mean, theirs.mean, 1e-12, `k=${e.k}`);
      close(mine?.lo, theirs.lo, 1e-12, `k=${e.k}`);
      close(mine?.hi, theirs.hi, 1e-12, `k=${e.k}`);
    }
    close(p.oracle.mean, 1 - e.systemicFailure.mean, 1e-12);
  }
});

test('diversity curves: same-recipe and mixed pools from recipe ids; random draws when subsets exceed the limit', () => {
  const recipes = reg.factors.map((f: Record<string, string>) => `${f.architecture}/${f.optimizer}`);
  const curves = diversityCurves(
    { labels, preds, probs: preds.map(() => undefined), numClasses: reg.numClasses, correctness: c, recipes },
    { subsets: 50, seed: 2 },
  );
  assert.deepEqual(
    curves.map((x) => x.pool),
    ['all', 'same-recipe', 'mixed'],
  );
  const [all, same, mixed] = curves;
  assert.equal(all.points.length, 18);
  assert.ok(!all.points[5].exhaustive && all.points[5].subsets === 50);
  assert.ok(all.points[0].exhaustive && all.points[0].subsets === 18);
  assert.equal(same.points.length, 3);
  assert.equal(same.points[1].subsets, 18, '6 recipes × C(3,2) subsets');
  assert.equal(mixed.points.length, 6);
  assert.equal(all.points[0].meanProbability, null);
  // SFR falls with k; a same-recipe pool of 3 fails together more often than a mixed pool of 3
  for (let k = 1; k < 18; k++) assert.ok(all.points[k].systemicFailure.mean <= all.points[k - 1].systemicFailure.mean + 1e-12);
  assert.ok(same.points[2].systemicFailure.mean > mixed.points[2].systemicFailure.mean);
});

test('log₂ H_m matches the exhaustive numpy mean over m-subsets; SFR_obs = 0 subsets are counted', () => {
  const c8 = correctnessMatrix(labels, preds.slice(0, 8));
  const m3 = log2hAtFixedM(c8, { m: 3 });
  close(m3.value, ref.log2hm.m3.value, 1e-12);
  assert.equal(m3.subsets, ref.log2hm.m3.subsets);
  assert.ok(m3.exhaustive);
  close(log2hAtFixedM(c8, { m: 5 }).value, ref.log2hm.m5.value, 1e-12);
  // hand case: 3 models on 4 examples; model errors {0,1}, {1,2}, {1,3}: example 1 fails all
  const y = Int32Array.from([0, 0, 0, 0]);
  const hc = correctnessMatrix(y, [Int32Array.from([1, 1, 0, 0]), Int32Array.from([0, 1, 1, 0]), Int32Array.from([0, 1, 0, 1])]);
  const h3 = log2hAtFixedM(hc, { m: 3 });
  close(h3.value, Math.log2(0.25 / 0.125), 1e-12);
  const h2 = log2hAtFixedM(hc, { m: 2 });
  close(h2.value, Math.log2(0.25 / 0.25), 1e-12);
  // disjoint errors: every pair's SFR_obs is 0 → value null, zeroShare 1
  const d = correctnessMatrix(y, [Int32Array.from([1, 0, 0, 0]), Int32Array.from([0, 1, 0, 0])]);
  const hd = log2hAtFixedM(d, { m: 2 });
  assert.equal(hd.value, null);
  assert.equal(hd.zeroShare, 1);
});

test('two-level bootstrap (seeds within recipe, then examples) matches a numpy replay of the same mulberry32 draws', async () => {
  const { agreementPlan } = await import('../../src/analysis/agreement.js');
  const { twoLevelBootstrap } = await import('../../src/analysis/two-level-bootstrap.js');
  const codes = preds.map((p) => Uint8Array.from(p, (v, x) => (v === labels[x] ? 1 : 0)));
  const inp = {
    correctnessPlan: agreementPlan(codes, 2),
    labelPlan: agreementPlan(preds, reg.numClasses),
    correctness: c,
    numClasses: reg.numClasses,
    recipes: ref.twoLevel.recipes,
  };
  const r = twoLevelBootstrap(inp, { resamples: ref.twoLevel.resamples, seed: ref.twoLevel.seed });
  assert.deepEqual(r.covers, ['seeds', 'examples']);
  assert.ok(r.seedLevel.defined);
  for (const [mine, k] of [
    [r.meanAccuracy, 'meanAcc'],
    [r.errorConsistencyMean, 'ec'],
    [r.systemicFailureObserved, 'sfr'],
  ] as const) {
    close(mine.lo, ref.twoLevel[k].lo, 1e-10, k);
    close(mine.hi, ref.twoLevel[k].hi, 1e-10, k);
    assert.equal(mine.undefinedResamples, 0);
  }
  close(r.errorConsistencyMean.estimate, errorConsistency(c).mean ?? NaN, 1e-12);
  assert.ok(r.vendi && r.vendi.estimate !== null && r.vendi.estimate > 1 && r.vendi.estimate < 18);
  // set-valued indices keep every model (a duplicated seed would shrink the set): examples only, and
  // the interval lies around its estimate
  for (const [name, ci] of [
    ['sfr', r.systemicFailureObserved],
    ['oracle', r.oracleAccuracy],
    ['vendi', r.vendi],
  ] as const) {
    assert.deepEqual(ci.covers, ['examples'], name);
    assert.match(ci.method, /every model kept/, name);
    assert.ok(
      ci.lo !== null && ci.hi !== null && ci.estimate !== null && ci.lo <= ci.estimate && ci.estimate <= ci.hi,
      `${name}: ${ci.lo} ≤ ${ci.estimate} ≤ ${ci.hi}`,
    );
  }
  assert.deepEqual(r.errorConsistencyMean.covers, ['seeds', 'examples']);
  assert.equal(Object.keys(r.recipeAccuracy).length, 6);
  // one seed per recipe: the seed level is undefined and the interval says it covers examples only
  const one = twoLevelBootstrap({ ...inp, recipes: inp.recipes.map((x: string, m: number) => `${x}#${m}`) }, { resamples: 50 });
  assert.deepEqual(one.covers, ['examples']);
  assert.equal(one.seedLevel.defined, false);
  assert.match(one.meanAccuracy.method, /seed level is undefined/);
});

test('percentile interval keeps −∞ replicates as ranks and counts undefined ones', async () => {
  const { percentileInterval, formatInterval } = await import('../../src/analysis/interval.js');
  const reps = [-Infinity, -Infinity, null, 1, 2, 3, 4, 5, 6, 7, NaN];
  const ci = percentileInterval(3, reps, { level: 0.8, seed: 0, covers: ['examples'], method: 'test' });
  assert.equal(ci.undefinedResamples, 2);
  assert.equal(ci.infiniteResamples, 2);
  assert.ok(ci.loInfinite && ci.lo === null);
  close(ci.hi, 6.2, 1e-12); // type-7 quantile 0.9 of [-∞,-∞,1..7]: h = 7.2 → 6 + 0.2
  assert.equal(
    formatInterval(ci, (v) => v.toFixed(1)),
    '[−∞, 6.2]',
  );
});

test('minimum detectable difference factor matches scipy t quantiles; Δκ floor shrinks as 1/√N', async () => {
  const { minimumDetectableFactor, minimumDetectableKappa, protocolPower } = await import('../../src/analysis/power.js');
  for (const e of ref.mdd) close(minimumDetectableFactor(e.folds, e.repeats).factor, e.factor, 1e-6, `${e.repeats}×${e.folds}`);
  close((minimumDetectableKappa(1000) ?? 0) / (minimumDetectableKappa(4000) ?? 1), 2, 1e-12);
  // hand value: p 0.8, κ 0.5 → c_exp 0.68, c_obs 0.84, SE = √(0.84·0.16/(N·0.1024))
  close(minimumDetectableKappa(1000), (1.959963984540054 + 0.8416212335729143) * Math.SQRT2 * Math.sqrt((0.84 * 0.16) / (1000 * 0.1024)), 1e-12);
  const weak = protocolPower({ folds: 3, repeats: 1, seedsPerRecipe: 1, examples: 1000 });
  assert.equal(weak.warnings.length, 2);
  assert.match(weak.warnings[0], /3-fold CV without repeats/);
  assert.match(weak.warnings[1], /one seed per recipe/);
  assert.deepEqual(protocolPower({ folds: 10, repeats: 1, seedsPerRecipe: 3 }).warnings, []);
  // only some recipes with one seed (a deterministic learner): the warning says how many, not "one seed per recipe"
  const some = protocolPower({ folds: 10, repeats: 1, seedsPerRecipe: 1, seedCounts: [2, 2, 1] }).warnings;
  assert.equal(some.length, 1);
  assert.match(some[0], /^1 of 3 recipes have one seed/);
  assert.match(protocolPower({ folds: 10, repeats: 1, seedsPerRecipe: 1, seedCounts: [1, 1] }).warnings[0], /^one seed per recipe/);
});

test('paired bootstrap of the accuracy difference matches a numpy replay; verdicts reconcile the two tests', async () => {
  const { pairedDifferenceCi, verdict } = await import('../../src/analysis/verdicts.js');
  const ci = pairedDifferenceCi(ref.pairedDiff.a, ref.pairedDiff.b, { resamples: ref.pairedDiff.resamples, seed: ref.pairedDiff.seed });
  close(ci.lo, ref.pairedDiff.lo, 1e-12);
  close(ci.hi, ref.pairedDiff.hi, 1e-12);
  const best = [0.8, 0.82, 0.81];
  const exWorse = { ...ci, lo: -0.05, hi: -0.01 };
  // 3 folds, consistent 14 pp gap: worse across splits
  assert.equal(verdict({ row: [0.66, 0.68, 0.67], reference: best, folds: 3 }, exWorse).kind, 'worse');
  // noisy small gap: splits cannot tell, but the examples CI excludes 0
  const v = verdict({ row: [0.75, 0.84, 0.77], reference: best, folds: 3 }, exWorse);
  assert.equal(v.kind, 'worse-on-examples');
  assert.match(v.text, /not shown across training splits/);
  assert.equal(verdict({ row: [0.75, 0.84, 0.77], reference: best, folds: 3 }, { ...ci, lo: -0.02, hi: 0.01 }).kind, 'undecided');
  assert.equal(verdict({ row: [0.8, 0.8201, 0.8099], reference: best, folds: 10 }, null, 0.01).kind, 'equivalent');
});

test('pairedDifferenceCis (resamples drawn once for every row) equals one pairedDifferenceCi per row', async () => {
  const { pairedDifferenceCi, pairedDifferenceCis } = await import('../../src/analysis/verdicts.js');
  const { mulberry32 } = await import('../../src/analysis/bootstrap.js');
  const rng = mulberry32(9);
  const b = Array.from({ length: 301 }, () => (rng() < 0.8 ? 1 : 0));
  const rows = Array.from({ length: 4 }, () => Array.from({ length: 301 }, () => (rng() < 0.75 ? 1 : 0)));
  const batch = pairedDifferenceCis(rows, b, { resamples: 150, seed: 4 });
  rows.forEach((a, i) => assert.deepEqual(batch[i], pairedDifferenceCi(a, b, { resamples: 150, seed: 4 })));
});
