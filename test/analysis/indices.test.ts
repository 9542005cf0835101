import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctnessMatrix, accuracies, bothCorrectCounts, popcount32 } from '../../src/analysis/correctness.js';
import { errorConsistency } from '../../src/analysis/error-consistency.js';
import { systemicFailure, systemicFailureIndices, poissonBinomialPmf } from '../../src/analysis/systemic-failure.js';
import { failureCountHistogram } from '../../src/analysis/correctness.js';
import { diversityMeasures } from '../../src/analysis/diversity.js';
import { labelAgreement } from '../../src/analysis/label-agreement.js';
import { capa } from '../../src/analysis/capa.js';
import { close, codesOf, randomPredictions } from './helpers.js';

// A correct on x0..x2, B correct on x0, x1 (hand-computed case of the report)
const labels = [0, 0, 0, 0];
const A = [0, 0, 0, 1];
const B = [0, 0, 1, 1];

test('popcount32 counts bits', () => {
  for (const [v, n] of [
    [0, 0],
    [1, 1],
    [0xffffffff, 32],
    [0x80000001, 2],
    [0x0f0f0f0f, 16],
  ] as const)
    assert.equal(popcount32(v), n);
});

test('error consistency: hand-computed κ, κ_max and the pairwise mean', () => {
  const c = correctnessMatrix(labels, [A, B]);
  assert.deepEqual(Array.from(accuracies(c)), [0.75, 0.5]);
  const ec = errorConsistency(c);
  // c_obs = 3/4, c_exp = .375 + .125 = .5 → κ = .5; κ_max = (1 − .25 − .5)/.5 = .5
  close(ec.matrix[0][1], 0.5);
  close(ec.kappaMax[0][1], 0.5);
  close(ec.mean, 0.5);
  assert.equal(ec.matrix[0][0], 1);
  assert.equal(ec.excluded, 0);
});

test('bit-packed N11 matches a direct count across word boundaries', () => {
  const { labels: y, preds } = randomPredictions(5, 1000, 3, 7);
  const c = correctnessMatrix(y, preds);
  const n11 = bothCorrectCounts(c);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let x = 0; x < y.length; x++) if (preds[i][x] === y[x] && preds[j][x] === y[x]) s++;
      assert.equal(n11[i * 5 + j], s);
    }
});

test('systemic failure: hand-computed H, log₂H, NSF, PB histogram and TV', () => {
  const c = correctnessMatrix(labels, [A, B]);
  const sf = systemicFailure(failureCountHistogram(c), [0.25, 0.5]);
  close(sf.observed, 0.25);
  close(sf.independent, 0.125);
  close(sf.h, 2);
  close(sf.log2h, 1);
  close(sf.nsf, 1);
  close(sf.oracleAccuracy, 0.75);
  assert.deepEqual(sf.histogram, [0.5, 0.25, 0.25]);
  sf.expectedHistogram.forEach((v, i) => close(v, [0.375, 0.5, 0.125][i]));
  close(sf.tvDistance, 0.25);
  close(sf.csrObserved, 0.5);
  close(sf.hSuccess, 0.5 / 0.375);
});

test('NSF is negative for spread failures and bounded by −1', () => {
  // two models, disjoint errors: SFR_obs = 0 < SFR_indep = .25·.25; SFR_min = max(0, .5 − 1) = 0
  const sf = systemicFailure([2, 2, 0], [0.25, 0.25]);
  close(sf.nsf, -1);
  assert.equal(sf.h, 0);
  assert.equal(sf.log2h, null);
  assert.match(sf.reasons.log2h, /SFR_obs = 0/);
});

test('Poisson-binomial pmf sums to 1 and matches the binomial for equal rates', () => {
  const pmf = poissonBinomialPmf([0.3, 0.3, 0.3]);
  [0.343, 0.441, 0.189, 0.027].forEach((v, k) => close(pmf[k], v, 1e-12));
});

test('the in-place Poisson-binomial DP equals the two-array DP bit for bit; systemicFailureIndices equals those fields of systemicFailure', () => {
  const twoArrays = (q: number[]) => {
    let pmf = new Float64Array(q.length + 1);
    pmf[0] = 1;
    q.forEach((qm, m) => {
      const next = new Float64Array(q.length + 1);
      for (let k = 0; k <= m; k++) {
        next[k] += pmf[k] * (1 - qm);
        next[k + 1] += pmf[k] * qm;
      }
      pmf = next;
    });
    return pmf;
  };
  let s = 7;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (const M of [0, 1, 2, 5, 60, 247]) {
    const q = Array.from({ length: M }, (_, m) => (m === 1 ? 0 : m === 2 ? 1 : rnd()));
    assert.deepEqual(poissonBinomialPmf(q), twoArrays(q), `M ${M}`);
    const hist = Array.from({ length: M + 1 }, () => Math.floor(rnd() * 5));
    hist[M] += 1;
    const full = systemicFailure(hist, q);
    const { expectedHistogram, tvDistance, overdispersion, homogeneousObserved, homogeneousIndependent, ...rest } = full;
    void [expectedHistogram, tvDistance, overdispersion, homogeneousObserved, homogeneousIndependent];
    const { overdispersion: _o, ...reasons } = full.reasons;
    void _o;
    assert.deepEqual(systemicFailureIndices(hist, q), { ...rest, reasons });
  }
});

test('diversity: hand-computed Q, ρ, disagreement, double fault', () => {
  const d = diversityMeasures(correctnessMatrix(labels, [A, B]));
  // N11=2, N10=1, N01=0, N00=1
  close(d.q.matrix[0][1], 1);
  close(d.rho.matrix[0][1], 2 / Math.sqrt(12));
  close(d.disagreement.mean, 0.25);
  close(d.doubleFault.mean, 0.25);
});

const identityCases = [
  { M: 2, N: 50, K: 3, seed: 1 },
  { M: 5, N: 333, K: 4, seed: 2 },
  { M: 7, N: 1000, K: 10, seed: 3 },
];

for (const { M, N, K, seed } of identityCases) {
  test(`METRICS.md identities hold (M=${M}, N=${N})`, () => {
    const { labels: y, preds } = randomPredictions(M, N, K, seed);
    const c = correctnessMatrix(y, preds);
    const d = diversityMeasures(c);
    const p = accuracies(c);
    const pbar = p.reduce((a, b) => a + b, 0) / M;
    const L = M;
    // KW = (L−1)/(2L)·D_av
    close(d.kohaviWolpert, ((L - 1) / (2 * L)) * (d.disagreement.mean as number), 1e-12, 'KW');
    // interrater κ = 1 − D_av/(2 p̄(1 − p̄))
    close(d.interraterKappa, 1 - (d.disagreement.mean as number) / (2 * pbar * (1 - pbar)), 1e-12, 'κ interrater');
    // interrater κ = Fleiss κ on correctness
    close(labelAgreement(codesOf(y, preds), 2).fleissKappa, d.interraterKappa as number, 1e-12, 'Fleiss on C');
    // GD = 1 − mean pairwise DF / mean error
    close(d.generalizedDiversity, 1 - (d.doubleFault.mean as number) / (1 - pbar), 1e-12, 'GD');
    // κ_corr = (Var(l)/(M p̄(1−p̄)) − 1)/(M − 1) with population variance of l
    const l = Array.from(c.correctPerExample);
    const ml = l.reduce((a, b) => a + b, 0) / N;
    const varL = l.reduce((a, v) => a + (v - ml) ** 2, 0) / N;
    close(d.interraterKappa, (varL / (M * pbar * (1 - pbar)) - 1) / (M - 1), 1e-12, 'κ_corr overdispersion');
    // overdisp_pb = Var(F)/Σ e(1 − e); Var(F) = Var(l)
    const sf = systemicFailure(
      failureCountHistogram(c),
      Array.from(p, (v) => 1 - v),
    );
    close(sf.overdispersion, varL / Array.from(p).reduce((a, v) => a + v * (1 - v), 0), 1e-12, 'overdisp');
    // θ = Var(l/L)
    close(d.difficulty, varL / (L * L), 1e-12, 'θ');
    // discrete CAPA's c_obs is label agreement and p̄ is accuracy
    const cp = capa({ labels: y, numClasses: K, preds });
    assert.equal(cp.kind, 'discrete');
    const lab = labelAgreement(preds, K);
    const cobs = lab.agreement.matrix[0][1] as number;
    const cexp = p[0] * p[1] + ((1 - p[0]) * (1 - p[1])) / (K - 1);
    close(cp.matrix[0][1], (cobs - cexp) / (1 - cexp), 1e-12, 'CAPA');
  });
}

test('probabilistic CAPA with one-hot probabilities equals discrete CAPA', () => {
  const { labels: y, preds } = randomPredictions(4, 200, 5, 9);
  const probs = preds.map((p) => {
    const a = new Float64Array(p.length * 5);
    p.forEach((k, x) => (a[x * 5 + k] = 1));
    return a;
  });
  const pr = capa({ labels: y, numClasses: 5, preds, probs });
  const di = capa({ labels: y, numClasses: 5, preds });
  assert.equal(pr.kind, 'probabilistic');
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) close(pr.matrix[i][j], di.matrix[i][j] as number, 1e-12);
});

test('self-CAPA < 1 for an uncertain model', () => {
  const probs = [Float64Array.from([0.6, 0.4, 0.6, 0.4]), Float64Array.from([0.6, 0.4, 0.6, 0.4])];
  const cp = capa({
    labels: [0, 0],
    numClasses: 2,
    preds: [
      [0, 0],
      [0, 0],
    ],
    probs,
  });
  assert.ok((cp.matrix[0][0] as number) < 1);
});
