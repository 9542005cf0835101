import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementPlan, weightedAgreement, weightedCodeCounts } from '../../src/analysis/agreement.js';
import { bootstrapCi, mulberry32, quantileSorted, resampleCounts } from '../../src/analysis/bootstrap.js';
import { bothCorrectCounts, correctnessMatrix } from '../../src/analysis/correctness.js';
import { holm } from '../../src/analysis/wilcoxon.js';
import { close, codesOf, randomPredictions } from './helpers.js';

test('mulberry32 is reproducible and uniform-ish', () => {
  const a = mulberry32(123);
  const b = mulberry32(123);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(
    xs.slice(0, 5),
    Array.from({ length: 5 }, () => b()),
  );
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05);
  assert.ok(xs.every((v) => v >= 0 && v < 1));
});

test('resample multiplicities sum to n', () => {
  const w = resampleCounts(1000, mulberry32(5));
  assert.equal(
    w.reduce((s, v) => s + v, 0),
    1000,
  );
});

test('quantileSorted uses numpy linear interpolation', () => {
  close(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  close(quantileSorted([1, 2, 3, 4], 0.975), 3.925);
});

test('plurality-complement agreement equals direct counts, with and without weights', () => {
  const { labels, preds } = randomPredictions(6, 500, 4, 11);
  const w = resampleCounts(500, mulberry32(2));
  for (const [codes, K] of [
    [preds, 4],
    [codesOf(labels, preds), 2],
  ] as const) {
    const plan = agreementPlan(codes, K);
    for (const weights of [null, w]) {
      const a = weightedAgreement(plan, weights);
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++) {
          let s = 0;
          for (let x = 0; x < 500; x++) if (codes[i][x] === codes[j][x]) s += weights ? weights[x] : 1;
          close(a[i * 6 + j], s, 1e-12, `${i},${j}`);
        }
    }
  }
  // correct counts from the plan equal the bit-packed ones
  const c = correctnessMatrix(labels, preds);
  const n11 = bothCorrectCounts(c);
  const counts = weightedCodeCounts(agreementPlan(codesOf(labels, preds), 2), null, 1);
  for (let m = 0; m < 6; m++) assert.equal(counts[m], n11[m * 6 + m]);
});

test('bootstrapCi is reproducible from its seed and brackets the estimate', () => {
  const values = Array.from({ length: 200 }, (_, i) => (i % 7) / 7);
  const mean = (w: Int32Array) => {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += w[i] * values[i];
    return s / w.length;
  };
  const a = bootstrapCi(values.length, mean, { resamples: 300, seed: 9 });
  const b = bootstrapCi(values.length, mean, { resamples: 300, seed: 9 });
  assert.deepEqual(a, b);
  assert.ok((a.lo as number) < (a.estimate as number) && (a.estimate as number) < (a.hi as number));
  const c = bootstrapCi(values.length, () => null, { resamples: 10 });
  assert.equal(c.lo, null);
  assert.equal(c.undefinedResamples, 10);
});

test('Holm adjustment', () => {
  holm([0.01, 0.04, 0.03]).forEach((v, i) => close(v, [0.03, 0.06, 0.06][i], 1e-12));
  holm([0.5, 0.9]).forEach((v) => close(v, 1, 1e-12));
});

test('percentileCiFinite and finiteBounds (selection of the tails) equal percentileCi (full sort): sizes, levels, ties', async () => {
  const { finiteBounds, percentileCiFinite, percentileCi, mulberry32: rngOf } = await import('../../src/analysis/bootstrap.js');
  const rng = rngOf(5);
  for (const n of [1, 2, 3, 7, 40, 199, 200, 1000, 2000])
    for (const level of [0.95, 0.9, 0.99, 0.5])
      for (const ties of [false, true]) {
        const v = Float64Array.from({ length: n }, () => (ties ? Math.round(rng() * 6) - 3 : rng() - 0.5));
        const expected = percentileCi(0.1, Array.from(v), level, 3);
        const got = percentileCiFinite(0.1, Float64Array.from(v), level, 3);
        assert.deepEqual(got, expected, `n ${n} level ${level} ties ${ties}`);
        const bounds = finiteBounds(n, level);
        if (bounds) {
          // reused buffers: a second vector first, then this one
          bounds(Float64Array.from(v, (x) => -2 * x));
          assert.deepEqual([...bounds(v)], [expected.lo, expected.hi], `bounds n ${n} level ${level} ties ${ties}`);
          // the same bounds from the difference of two vectors, computed on the fly
          const base = Float64Array.from(v, () => (ties ? Math.round(rng() * 4) : rng()));
          const shifted = Float64Array.from(v, (x, t) => base[t] + x);
          const direct = Float64Array.from(v, (_, t) => shifted[t] - base[t]);
          assert.deepEqual([...bounds.ofDifference(shifted, base)], [...bounds(direct)], `difference n ${n} level ${level}`);
        } else assert.ok(level === 0.5 || n >= 1000, `finiteBounds declines only long tails (n ${n} level ${level})`);
      }
});
