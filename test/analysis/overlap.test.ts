import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/analysis/bootstrap.js';
import { probabilityOverlap } from '../../src/analysis/capa.js';

test('register-tiled probabilityOverlap equals plain pairwise dot products (every M mod 4, odd tails)', () => {
  const rng = mulberry32(7);
  for (const [M, N, K] of [
    [1, 5, 3],
    [2, 7, 2],
    [3, 11, 4],
    [4, 9, 3],
    [5, 13, 5],
    [6, 3, 2],
    [7, 40, 3],
    [9, 17, 7],
    [13, 2000, 10],
    [30, 50, 3],
  ] as const) {
    const probs = Array.from({ length: M }, () => Float64Array.from({ length: N * K }, () => rng()));
    const out = probabilityOverlap(probs, K);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let t = 0; t < N * K; t++) s += probs[i][t] * probs[j][t];
        assert.ok(Math.abs(out[i * M + j] - s) <= 1e-12 * Math.max(1, s), `M ${M} (${i},${j}): ${out[i * M + j]} vs ${s}`);
        assert.equal(out[i * M + j], out[j * M + i]);
      }
  }
  assert.equal(probabilityOverlap([], 3).length, 0);
});
