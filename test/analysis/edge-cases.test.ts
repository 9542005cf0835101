// Every row of METRICS.md §9 (edge-case policy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctnessMatrix, failureCountHistogram } from '../../src/analysis/correctness.js';
import { errorConsistency } from '../../src/analysis/error-consistency.js';
import { systemicFailure } from '../../src/analysis/systemic-failure.js';
import { diversityMeasures } from '../../src/analysis/diversity.js';
import { labelAgreement } from '../../src/analysis/label-agreement.js';
import { capa } from '../../src/analysis/capa.js';
import { linearCka } from '../../src/analysis/cka.js';
import { mcnemarFromCounts } from '../../src/analysis/mcnemar.js';
import { bayesianCorrelatedTTest, correctedResampledTTest } from '../../src/analysis/ttests.js';
import { wilcoxonSignedRank } from '../../src/analysis/wilcoxon.js';
import { close } from './helpers.js';

const y = [0, 1, 0, 1, 0, 1];
const perfect = [0, 1, 0, 1, 0, 1];
const imperfect = [0, 1, 1, 1, 0, 0];
const allWrong = [1, 0, 1, 0, 1, 0];

const sf = (preds: number[][]) => {
  const c = correctnessMatrix(y, preds);
  return systemicFailure(
    failureCountHistogram(c),
    Array.from(c.correct, (k) => 1 - k / y.length),
  );
};

test('c_exp = 1 (both perfect or both always wrong): EC κ and CAPA null, pair excluded and counted', () => {
  for (const pair of [
    [perfect, perfect],
    [allWrong, allWrong],
  ]) {
    const ec = errorConsistency(correctnessMatrix(y, pair));
    assert.equal(ec.matrix[0][1], null);
    assert.equal(ec.mean, null);
    assert.equal(ec.excluded, 1);
    assert.deepEqual(Object.values(ec.excludedReasons), [1]);
  }
  const cp = capa({ labels: y, numClasses: 2, preds: [perfect, perfect] });
  assert.equal(cp.matrix[0][1], null);
  assert.equal(cp.excluded, 1);
});

test('exactly one perfect model: EC κ = 0 flagged degenerate, Q/ρ null, H and NSF null', () => {
  const ec = errorConsistency(correctnessMatrix(y, [perfect, imperfect]));
  assert.equal(ec.matrix[0][1], 0);
  assert.deepEqual(ec.degeneratePairs, [[0, 1]]);
  const d = diversityMeasures(correctnessMatrix(y, [perfect, imperfect]));
  assert.equal(d.q.matrix[0][1], null);
  assert.equal(d.rho.matrix[0][1], null);
  const s = sf([perfect, imperfect]);
  assert.equal(s.h, null);
  assert.equal(s.nsf, null);
  assert.match(s.reasons.h, /Π e_m = 0/);
  // interrater κ is negative while EC is 0 (METRICS.md §3)
  assert.ok((d.interraterKappa as number) < 0);
});

test('SFR_obs = 0: H = 0 and log₂H null', () => {
  const s = sf([imperfect, [0, 0, 0, 1, 1, 1]]);
  assert.equal(s.observed, 0);
  assert.equal(s.h, 0);
  assert.equal(s.log2h, null);
});

test('p_e = 1 (constant identical labels): Cohen and Fleiss label κ null', () => {
  const r = labelAgreement(
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
    2,
  );
  assert.equal(r.cohenKappa.matrix[0][1], null);
  assert.equal(r.fleissKappa, null);
});

test('no failures at all: GD null, CFD = 0; interrater κ null when p̄ = 1', () => {
  const d = diversityMeasures(correctnessMatrix(y, [perfect, perfect, perfect]));
  assert.equal(d.generalizedDiversity, null);
  assert.equal(d.coincidentFailureDiversity, 0);
  assert.equal(d.interraterKappa, null);
});

test('CKA: zero-variance features null, n < 4 debiased null, identical inputs 1', () => {
  const x = { data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 9, 2, 0]), rows: 5, cols: 2 };
  const constant = { data: new Float64Array(10).fill(3), rows: 5, cols: 2 };
  assert.equal(linearCka(x, constant).value, null);
  assert.match(linearCka(x, constant).reason as string, /zero-variance/);
  close(linearCka(x, x).value, 1, 1e-12);
  close(linearCka(x, x, { debiased: true }).value, 1, 1e-12);
  const small = { data: Float64Array.from([1, 2, 3, 4, 5, 7]), rows: 3, cols: 2 };
  assert.equal(linearCka(small, small, { debiased: true }).value, null);
});

test('McNemar: b + c = 0 gives p = 1 and statistic null', () => {
  const r = mcnemarFromCounts(0, 0);
  assert.equal(r.p, 1);
  assert.equal(r.statistic, null);
});

test('s² = 0 across folds: t null with reason; Bayesian posterior is a point mass', () => {
  const t = correctedResampledTTest([0.9, 0.9, 0.9], [0.8, 0.8, 0.8], { folds: 3 });
  assert.equal(t.t, null);
  assert.equal(t.p, null);
  assert.match(t.reason as string, /s² = 0/);
  const b = bayesianCorrelatedTTest([0.9, 0.9, 0.9], [0.8, 0.8, 0.8], { folds: 3, rope: 0.01 });
  assert.deepEqual([b.left, b.rope, b.right, b.pointMass], [0, 0, 1, true]);
  const inRope = bayesianCorrelatedTTest([0.005, 0.005], undefined, { folds: 2, rope: 0.01 });
  assert.deepEqual([inRope.left, inRope.rope, inRope.right], [0, 1, 0]);
});

test('< 6 data sets: Wilcoxon warns that 0.05 is unreachable', () => {
  const r = wilcoxonSignedRank([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]);
  close(r.p, 2 / 32, 1e-12);
  assert.match(r.warning as string, /nothing can be significant/);
  assert.equal(wilcoxonSignedRank([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0]).warning, undefined);
});
