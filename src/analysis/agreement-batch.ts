/**
 * Several bootstrap resamples' pairwise agreement in one pass over an agreement plan (see
 * agreement.ts): the resamples' multiplicities are packed into one double, FIELD_BITS bits each,
 * so one pair update counts for all of them; fields are flushed before they can overflow. The
 * loops over examples and pairs are agreement-kernel.ts's.
 */
import type { AgreementPlan } from './agreement.js';
import { FIELD_BITS, FIELD_SCALE, PACKED, groupPlan, planKernel } from './agreement-kernel.js';

/**
 * Up to AGREEMENT_BATCH weight vectors (bootstrap resamples) share one pass over the plan: their
 * weights are packed into one double, 13 bits per vector (4 × 13 = 52 bits < 53, so every sum is an
 * exact integer). A pair update then serves 4 resamples at once. Before any 13-bit field could
 * overflow (the running sum of that vector's weights over the current chunk of examples reaching
 * 2¹³ − 1), the packed accumulators are unpacked into per-vector totals and cleared. All values are
 * integer sums, so the result equals weightedAgreement / weightedCodeCounts bit for bit.
 */
export const AGREEMENT_BATCH = PACKED;
const FIELD_CAP = (1 << FIELD_BITS) - 1;

export interface AgreementBatchResult {
  /**
   * Per weight vector, what weightedAgreement(plan, weights[ℓ]) returns. These are the plan's
   * kernel buffers: valid until the next call with the same plan (copy them to keep them).
   */
  agreement: Float64Array[];
  /** Binary plans only: per weight vector, weightedCodeCounts(plan, weights[ℓ], 1). */
  ones: Float64Array[] | null;
}

/**
 * weightedAgreement (and, for a binary plan, weightedCodeCounts of code 1) for 1..AGREEMENT_BATCH
 * non-negative integer weight vectors at once, exactly equal to calling them one vector at a time.
 */
export function weightedAgreementBatch(plan: AgreementPlan, weights: readonly ArrayLike<number>[]): AgreementBatchResult {
  const L = weights.length;
  if (L < 1 || L > AGREEMENT_BATCH) throw new RangeError(`1..${AGREEMENT_BATCH} weight vectors`);
  const M = plan.models;
  const N = plan.examples;
  const { active, members, groupEnd, pluralOne } = groupPlan(plan);
  const { offsets, binary } = plan;
  const zero = new Int32Array(N);
  const w0 = weights[0];
  const w1 = L > 1 ? weights[1] : zero;
  const w2 = L > 2 ? weights[2] : zero;
  const w3 = L > 3 ? weights[3] : zero;
  // same-code pairs count twice for labels; binary plans add w once and double at the end
  const same = binary ? 1 : 2;
  const cap = binary ? FIELD_CAP : FIELD_CAP >>> 1;
  // the kernel's buffers: packed weights per active example, packed pair and member accumulators
  // (member weights split by plurality code, binary plans, so that code-1 counts follow), and
  // per vector its pair totals (upper triangle), which become its agreement matrix
  const kernel = planKernel(plan);
  const { acc, uOne, uOther, pw: packed, out: pairs } = kernel;
  acc.fill(0);
  uOne.fill(0);
  uOther.fill(0);
  for (let l = 0; l < L; l++) pairs[l].fill(0);
  const uOneTot = Array.from({ length: L }, () => new Float64Array(M));
  const uOtherTot = Array.from({ length: L }, () => new Float64Array(M));

  const unpack = (v: number, dest: Float64Array[], k: number) => {
    for (let l = L - 1; l > 0; l--) {
      const f = Math.floor(v / FIELD_SCALE[l]);
      v -= f * FIELD_SCALE[l];
      dest[l][k] += f;
    }
    dest[0][k] += v;
  };
  const flush = () => {
    kernel.flush();
    for (let i = 0; i < M; i++) {
      if (uOne[i] !== 0) unpack(uOne[i], uOneTot, i);
      if (uOther[i] !== 0) unpack(uOther[i], uOtherTot, i);
    }
    uOne.fill(0);
    uOther.fill(0);
  };
  /** One example whose weight alone overflows a field: added vector by vector, unpacked. */
  const addSingly = (x: number) => {
    const s = offsets[x];
    const e = offsets[x + 1];
    for (let l = 0; l < L; l++) {
      const w = weights[l][x];
      if (w === 0) continue;
      const u = pluralOne[x] ? uOneTot[l] : uOtherTot[l];
      const p = pairs[l];
      for (let a = s; a < e; a++) {
        const mi = members[a];
        u[mi] += w;
        const g = groupEnd[a];
        for (let b = a + 1; b < e; b++) {
          const mb = members[b];
          p[mi < mb ? mi * M + mb : mb * M + mi] += b < g ? same * w : w;
        }
      }
    }
  };

  // packed weights per active example; the kernel runs over the examples between two flushes
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let dirty = false;
  let chunk = 0;
  for (let t = 0; t < active.length; t++) {
    const x = active[t];
    const a0 = w0[x],
      a1 = w1[x],
      a2 = w2[x],
      a3 = w3[x];
    if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) {
      packed[t] = 0;
      continue;
    }
    if (s0 + a0 > cap || s1 + a1 > cap || s2 + a2 > cap || s3 + a3 > cap) {
      kernel.run(chunk, t, same);
      chunk = t;
      if (dirty) flush();
      dirty = false;
      s0 = s1 = s2 = s3 = 0;
      if (a0 > cap || a1 > cap || a2 > cap || a3 > cap) {
        packed[t] = 0;
        addSingly(x);
        continue;
      }
    }
    s0 += a0;
    s1 += a1;
    s2 += a2;
    s3 += a3;
    dirty = true;
    packed[t] = a0 + a1 * FIELD_SCALE[1] + a2 * FIELD_SCALE[2] + a3 * FIELD_SCALE[3];
  }
  kernel.run(chunk, active.length, same);
  if (dirty) flush();

  const agreement: Float64Array[] = [];
  const ones: Float64Array[] | null = binary ? [] : null;
  const mult = binary ? 2 : 1;
  for (let l = 0; l < L; l++) {
    const w = weights[l];
    let total = 0;
    let base = 0;
    for (let x = 0; x < N; x++) {
      const wx = w[x];
      if (wx === 0) continue;
      total += wx;
      if (pluralOne[x]) base += wx;
    }
    const one = uOneTot[l];
    const other = uOtherTot[l];
    const u = kernel.u[l];
    for (let m = 0; m < M; m++) u[m] = one[m] + other[m];
    kernel.finish(l, total, mult);
    agreement.push(pairs[l]);
    if (ones) {
      // binary: members of a plurality-1 example are wrong (code 0), of a plurality-0 example right
      const c = new Float64Array(M);
      for (let m = 0; m < M; m++) c[m] = other[m] - one[m] + base;
      ones.push(c);
    }
  }
  return { agreement, ones };
}
