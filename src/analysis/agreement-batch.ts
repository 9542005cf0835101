/**
 * Several bootstrap resamples' pairwise agreement in one pass over an agreement plan (see
 * agreement.ts): the resamples' multiplicities are packed into one double, FIELD_BITS bits each,
 * so one pair update counts for all of them; fields are flushed before they can overflow.
 */
import type { AgreementPlan } from './agreement.js';

/**
 * Up to AGREEMENT_BATCH weight vectors (bootstrap resamples) share one pass over the plan: their
 * weights are packed into one double, 13 bits per vector (4 × 13 = 52 bits < 53, so every sum is an
 * exact integer). A pair update then serves 4 resamples at once. Before any 13-bit field could
 * overflow (the running sum of that vector's weights over the current chunk of examples reaching
 * 2¹³ − 1), the packed accumulators are unpacked into per-vector totals and cleared. All values are
 * integer sums, so the result equals weightedAgreement / weightedCodeCounts bit for bit.
 */
export const AGREEMENT_BATCH = 4;
const FIELD_BITS = 13;
const FIELD_CAP = (1 << FIELD_BITS) - 1;
const FIELD_SCALE = [1, 2 ** FIELD_BITS, 2 ** (2 * FIELD_BITS), 2 ** (3 * FIELD_BITS)];
const FIELD_INV = FIELD_SCALE.map((s) => 1 / s);

/** The plan with each example's members grouped by code (ascending model within a group). */
interface GroupedPlan {
  /** Examples with at least one member, ascending. */
  active: Uint32Array;
  members: Uint16Array;
  /** groupEnd[a]: end (exclusive) of the code group of position a. */
  groupEnd: Uint32Array;
  /** For binary plans: 1 where the plurality code is 1. */
  pluralOne: Uint8Array;
}

const grouped = new WeakMap<AgreementPlan, GroupedPlan>();

function groupPlan(plan: AgreementPlan): GroupedPlan {
  const cached = grouped.get(plan);
  if (cached) return cached;
  const { offsets, members, codes, plurality, examples: N } = plan;
  let nActive = 0;
  for (let x = 0; x < N; x++) if (offsets[x + 1] > offsets[x]) nActive++;
  const active = new Uint32Array(nActive);
  const outMembers = new Uint16Array(members.length);
  const groupEnd = new Uint32Array(members.length);
  const pluralOne = new Uint8Array(N);
  let k = 0;
  const order: number[] = [];
  for (let x = 0; x < N; x++) {
    pluralOne[x] = plurality[x] === 1 ? 1 : 0;
    const s = offsets[x];
    const e = offsets[x + 1];
    if (e === s) continue;
    active[k++] = x;
    order.length = 0;
    for (let a = s; a < e; a++) order.push(a);
    // stable: members stay ascending within a code
    order.sort((a, b) => codes[a] - codes[b] || a - b);
    for (let t = 0; t < order.length; t++) outMembers[s + t] = members[order[t]];
    let g = e;
    for (let t = order.length - 1; t >= 0; t--) {
      if (t < order.length - 1 && codes[order[t]] !== codes[order[t + 1]]) g = s + t + 1;
      groupEnd[s + t] = g;
    }
  }
  const out = { active, members: outMembers, groupEnd, pluralOne };
  grouped.set(plan, out);
  return out;
}

/** The hot loop: one example's members and pairs, packed weight `pw` (`pwSame` for same-code pairs). */
function addPacked(acc: Float64Array, u: Float64Array, members: Uint16Array, groupEnd: Uint32Array, s: number, e: number, M: number, pw: number, pwSame: number): void {
  for (let a = s; a < e; a++) {
    const mi = members[a];
    u[mi] += pw;
    const row = mi * M;
    const g = groupEnd[a];
    let b = a + 1;
    for (; b < g; b++) acc[row + members[b]] += pwSame;
    for (; b < e; b++) acc[row + members[b]] += pw;
  }
}

export interface AgreementBatchResult {
  /** Per weight vector, what weightedAgreement(plan, weights[ℓ]) returns. */
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
  const acc = new Float64Array(M * M);
  // packed member weights, split by plurality code (binary) so that code-1 counts follow
  const uOne = new Float64Array(M);
  const uOther = new Float64Array(M);
  const pairs = Array.from({ length: L }, () => new Float64Array(M * M));
  const uOneTot = Array.from({ length: L }, () => new Float64Array(M));
  const uOtherTot = Array.from({ length: L }, () => new Float64Array(M));

  const unpack = (v: number, dest: Float64Array[], k: number) => {
    for (let l = L - 1; l > 0; l--) {
      const f = Math.floor(v * FIELD_INV[l]);
      v -= f * FIELD_SCALE[l];
      dest[l][k] += f;
    }
    dest[0][k] += v;
  };
  const flush = () => {
    for (let i = 0; i < M; i++) {
      const ri = i * M;
      for (let j = i + 1; j < M; j++) {
        const v = acc[ri + j] + acc[j * M + i];
        if (v === 0) continue;
        acc[ri + j] = 0;
        acc[j * M + i] = 0;
        unpack(v, pairs, ri + j);
      }
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

  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let dirty = false;
  for (let t = 0; t < active.length; t++) {
    const x = active[t];
    const a0 = w0[x], a1 = w1[x], a2 = w2[x], a3 = w3[x];
    if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
    if (s0 + a0 > cap || s1 + a1 > cap || s2 + a2 > cap || s3 + a3 > cap) {
      if (dirty) flush();
      dirty = false;
      s0 = s1 = s2 = s3 = 0;
      if (a0 > cap || a1 > cap || a2 > cap || a3 > cap) {
        addSingly(x);
        continue;
      }
    }
    s0 += a0;
    s1 += a1;
    s2 += a2;
    s3 += a3;
    dirty = true;
    const pw = a0 + a1 * FIELD_SCALE[1] + a2 * FIELD_SCALE[2] + a3 * FIELD_SCALE[3];
    addPacked(acc, pluralOne[x] ? uOne : uOther, members, groupEnd, offsets[x], offsets[x + 1], M, pw, same * pw);
  }
  if (dirty) flush();

  const agreement: Float64Array[] = [];
  const ones: Float64Array[] | null = binary ? [] : null;
  const mult = binary ? 2 : 1;
  const u = new Float64Array(M);
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
    for (let m = 0; m < M; m++) u[m] = one[m] + other[m];
    const p = pairs[l];
    const out = new Float64Array(M * M);
    for (let i = 0; i < M; i++) {
      out[i * M + i] = total;
      for (let j = i + 1; j < M; j++) {
        const v = total - u[i] - u[j] + mult * p[i * M + j];
        out[i * M + j] = v;
        out[j * M + i] = v;
      }
    }
    agreement.push(out);
    if (ones) {
      // binary: members of a plurality-1 example are wrong (code 0), of a plurality-0 example right
      const c = new Float64Array(M);
      for (let m = 0; m < M; m++) c[m] = other[m] - one[m] + base;
      ones.push(c);
    }
  }
  return { agreement, ones };
}
