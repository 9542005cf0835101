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
  assert.deepEqual(fitted.map((t) => t.factor), reg.terms);
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
  assert.deepEqual(same.map((g) => g.randomness), ['independent']);
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
  ref.olsCollinear.coefficients.forEach((v: number | null, i: number) => (v === null ? assert.equal(r.coefficients[i], null) : close(r.coefficients[i], v, 1e-9)));
});

test('Vendi score matches numpy eigvalsh; M for unrelated, 1 for identical, 3 for three identical pairs', () => {
  close(vendiScore(ref.vendi.kappa).value, ref.vendi.value, 1e-9);
  close(vendiScore([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]).value, 4, 1e-12);
  close(vendiScore(Array.from({ length: 5 }, () => [1, 1, 1, 1, 1])).value, 1, 1e-9);
  const blocks = [[1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 1, 1]];
  close(vendiScore(blocks).value, ref.vendi.blocks, 1e-9);
  close(ref.vendi.blocks, 3, 1e-9);
  // a model drawn twice (bootstrap weight 2) is an identical copy
  close(vendiScore([[1, 0], [0, 1]], { weights: [2, 1] }).value, vendiScore([[1, 1, 0], [1, 1, 0], [0, 0, 1]]).value ?? NaN, 1e-12);
  const ev = Array.from(symmetricEigenvalues([2, 1, 1, 2], 2)).sort();
  close(ev[0], 1, 1e-12);
  close(ev[1], 3, 1e-12);
});

test('diversity curves (every subset enumerated) match numpy: SFR, majority vote, mean-probability ensemble, independence', () => {
  const sub: number[] = ref.curves.models;
  const subPreds = sub.map((m) => preds[m]);
  const probs = (ref.curves.probs as number[][][]).map((p) => Float64Array.from(p.flat()));
  const curves = diversityCurves({ labels, preds: subPreds, probs, numClasses: reg.numClasses, correctness: correctnessMatrix(labels, subPreds) }, { subsets: 200 });
  const all = curves[0];
  assert.equal(all.pool, 'all');
  for (const [i, e] of (ref.curves.points as Array<Record<string, any>>).entries()) {
    const p = all.points[i];
    assert.equal(p.k, e.k);
    assert.equal(p.subsets, e.subsets);
    assert.ok(p.exhaustive);
    for (const [mine, theirs] of [[p.systemicFailure, e.systemicFailure], [p.majorityVote, e.majorityVote], [p.meanProbability, e.meanProbability], [p.independentSystemicFailure, e.independent]] as const) {
      close(mine?.mean, theirs.mean, 1e-12, `k=${e.k}`);
      close(mine?.lo, theirs.lo, 1e-12, `k=${e.k}`);
      close(mine?.hi, theirs.hi, 1e-12, `k=${e.k}`);
    }
    close(p.oracle.mean, 1 - e.systemicFailure.mean, 1e-12);
  }
});

test('diversity curves: same-recipe and mixed pools from recipe ids; random draws when subsets exceed the limit', () => {
  const recipes = reg.factors.map((f: Record<string, string>) => `${f.architecture}/${f.optimizer}`);
  const curves = diversityCurves({ labels, preds, probs: preds.map(() => undefined), numClasses: reg.numClasses, correctness: c, recipes }, { subsets: 50, seed: 2 });
  assert.deepEqual(curves.map((x) => x.pool), ['all', 'same-recipe', 'mixed']);
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
