// meanKappa (the bootstraps' mean κ from agreement counts) against the per-pair functions it
// replaces there: kappaFromAgreement / capaKappa averaged by meanOverPairs, or weighted by
// multiplicities as the two-level bootstrap defines it — the same doubles, not just close ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/analysis/bootstrap.js';
import { capaKappa } from '../../src/analysis/capa.js';
import { kappaFromAgreement } from '../../src/analysis/error-consistency.js';
import { meanKappa } from '../../src/analysis/kappa-mean.js';
import { meanOverPairs } from '../../src/analysis/pair-summary.js';

function weightedReference(M: number, mult: Int32Array, value: (i: number, j: number) => number | null, skip: (i: number) => boolean): number | null {
  let s = 0,
    n = 0;
  for (let i = 0; i < M; i++) {
    if (!mult[i] || skip(i)) continue;
    for (let j = i + 1; j < M; j++) {
      if (!mult[j] || skip(j)) continue;
      const v = value(i, j);
      if (v === null || !Number.isFinite(v)) continue;
      s += mult[i] * mult[j] * v;
      n += mult[i] * mult[j];
    }
  }
  return n ? s / n : null;
}

test('meanKappa equals meanOverPairs of kappaFromAgreement / capaKappa bit for bit, and the multiplicity-weighted mean of the two-level bootstrap', () => {
  const rng = mulberry32(5);
  for (const M of [0, 1, 2, 7, 40]) {
    for (const N of [1, 13, 500]) {
      for (const degenerate of [false, true]) {
        const correct = Float64Array.from({ length: M }, () => Math.floor(rng() * (N + 1)));
        if (degenerate && M > 1) {
          correct[0] = N; // always right: every EC pair with it undefined
          correct[1] = 0;
        }
        const p = Array.from(correct, (c) => c / N);
        const agree = new Float64Array(M * M);
        for (let i = 0; i < M; i++) for (let j = i; j < M; j++) agree[i * M + j] = agree[j * M + i] = i === j ? N : Math.floor(rng() * (N + 1));
        for (const share of [1, 1 / 9, 1 / 2]) {
          const ref = (i: number, j: number) =>
            share === 1 ? kappaFromAgreement(agree[i * M + j] / N, p[i], p[j]).value : capaKappa(agree[i * M + j] / N, p[i], p[j], share).value;
          assert.equal(meanKappa(M, agree, N, p, share), meanOverPairs(M, ref), `M ${M} N ${N} share ${share}`);
          const mult = Int32Array.from({ length: M }, () => Math.floor(rng() * 3));
          const constant = (i: number) => p[i] <= 1e-12 || p[i] >= 1 - 1e-12;
          assert.equal(meanKappa(M, agree, N, p, share, mult, constant), weightedReference(M, mult, ref, constant));
          assert.equal(
            meanKappa(M, agree, N, p, share, mult),
            weightedReference(M, mult, ref, () => false),
          );
        }
      }
    }
  }
});
