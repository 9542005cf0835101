/**
 * The mean chance-corrected agreement over pairs of models straight from a resample's agreement
 * counts, for the bootstraps (headline-bootstrap.ts, two-level-bootstrap.ts), which need only the
 * mean, 2·B times per dataset: κ_ij = (c_ij/N − e_ij)/(1 − e_ij), e_ij = p_i·p_j + (1 − p_i)(1 − p_j)·s
 * — error consistency with s = 1 (kappaFromAgreement), CAPA with s = 1/(K − 1) (capaKappa) — with
 * the same operations in the same order as those functions, so each κ is the same double; pairs
 * with 1 − e ≤ EPS or a non-finite κ are left out, as meanOverPairs does.
 */
import { EPS } from './pair-summary.js';

/**
 * Σ w_ij κ_ij / Σ w_ij over pairs i < j, w_ij = mult_i·mult_j (1 without `mult`; models with
 * mult 0 or `skip` left out); null when no pair is defined. `agree` is M × M row-major.
 */
export function meanKappa(
  M: number,
  agree: ArrayLike<number>,
  N: number,
  p: ArrayLike<number>,
  share: number,
  mult: ArrayLike<number> | null = null,
  skip: ((i: number) => boolean) | null = null,
): number | null {
  let sum = 0,
    n = 0;
  for (let i = 0; i < M; i++) {
    const mi = mult ? mult[i] : 1;
    if (!mi || (skip && skip(i))) continue;
    const pi = p[i];
    const o = i * M;
    for (let j = i + 1; j < M; j++) {
      const mj = mult ? mult[j] : 1;
      if (!mj || (skip && skip(j))) continue;
      const pj = p[j];
      const cExp = pi * pj + (1 - pi) * (1 - pj) * share;
      const den = 1 - cExp;
      if (den <= EPS) continue;
      const v = (agree[o + j] / N - cExp) / den;
      if (!Number.isFinite(v)) continue;
      if (mult) {
        const w = mi * mj;
        sum += w * v;
        n += w;
      } else {
        sum += v;
        n++;
      }
    }
  }
  return n ? sum / n : null;
}
