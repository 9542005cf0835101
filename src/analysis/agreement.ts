/**
 * Weighted pairwise agreement Σ_x w_x 1[code_i(x) = code_j(x)] for all model pairs at once, where
 * a code is a predicted label or a correctness bit. Per example only the models outside the
 * plurality group are visited:
 *   1[i,j agree] = 1 − 1[i∈R] − 1[j∈R] + 1[i,j∈R]·(1 + 1[code_i = code_j])  (R = outside plurality),
 * so an example that most models get the same costs O(|R|²) instead of O(M²). The same plan
 * serves the point estimate (w = 1) and every bootstrap resample (w = multiplicities).
 */

export interface AgreementPlan {
  readonly models: number;
  readonly examples: number;
  /** members[offsets[x] .. offsets[x+1]) are the models outside x's plurality group, ascending. */
  readonly offsets: Uint32Array;
  readonly members: Uint16Array;
  /** The code of each listed member. */
  readonly codes: Uint16Array;
  /** The plurality code of each example (lowest code among ties). */
  readonly plurality: Uint16Array;
  /** True for two codes (correctness): all members of an example share one code. */
  readonly binary: boolean;
}

/**
 * Builds the plan from per-model code vectors (values 0 .. numCodes−1, all length N). Examples are
 * taken a block at a time, the block's codes copied example-major into one buffer first (one read
 * of each model's vector, then contiguous passes per example).
 */
export function agreementPlan(codes: readonly ArrayLike<number>[], numCodes: number): AgreementPlan {
  const M = codes.length;
  const N = M === 0 ? 0 : codes[0].length;
  const counts = new Uint32Array(numCodes);
  const plurality = new Uint16Array(N);
  const offsets = new Uint32Array(N + 1);
  const block = Math.max(1, Math.min(N, Math.floor(32768 / Math.max(1, M))));
  const buf = new Uint16Array(block * M);
  let cap = Math.max(64, N * 2);
  let members = new Uint16Array(cap);
  let memberCodes = new Uint16Array(cap);
  let len = 0;
  const byCode = numCodes <= M;
  for (let x0 = 0; x0 < N; x0 += block) {
    const x1 = Math.min(N, x0 + block);
    for (let m = 0; m < M; m++) {
      const col = codes[m];
      for (let x = x0, o = m; x < x1; x++, o += M) buf[o] = col[x];
    }
    for (let x = x0; x < x1; x++) {
      const o = (x - x0) * M;
      for (let m = 0; m < M; m++) counts[buf[o + m]]++;
      // the code with the most models, the lowest among ties
      let best = 0;
      if (byCode) {
        for (let k = 1; k < numCodes; k++) if (counts[k] > counts[best]) best = k;
      } else {
        for (let m = 0; m < M; m++) {
          const k = buf[o + m];
          if (counts[k] > counts[best] || (counts[k] === counts[best] && k < best)) best = k;
        }
      }
      plurality[x] = best;
      const outside = M - counts[best];
      offsets[x + 1] = offsets[x] + outside;
      if (len + outside > cap) {
        cap = Math.max(cap * 2, len + outside);
        const grown = new Uint16Array(cap);
        grown.set(members.subarray(0, len));
        members = grown;
        const grownCodes = new Uint16Array(cap);
        grownCodes.set(memberCodes.subarray(0, len));
        memberCodes = grownCodes;
      }
      for (let m = 0; m < M; m++) {
        const k = buf[o + m];
        counts[k] = 0;
        if (k !== best) {
          members[len] = m;
          memberCodes[len++] = k;
        }
      }
    }
  }
  return { models: M, examples: N, offsets, members: members.slice(0, len), codes: memberCodes.slice(0, len), plurality, binary: numCodes <= 2 };
}

/**
 * Agreement weights for every pair as a symmetric M × M matrix (row-major); the diagonal holds
 * Σ_x w_x. Divide by Σ_x w_x for the agreement rate. `weights` null means w ≡ 1.
 */
export function weightedAgreement(plan: AgreementPlan, weights: ArrayLike<number> | null, out?: Float64Array): Float64Array {
  const M = plan.models;
  const acc = out ?? new Float64Array(M * M);
  acc.fill(0);
  const u = new Float64Array(M);
  const { offsets, members, codes } = plan;
  let total = 0;
  for (let x = 0; x < plan.examples; x++) {
    const w = weights === null ? 1 : weights[x];
    if (w === 0) continue;
    total += w;
    const s = offsets[x];
    const e = offsets[x + 1];
    if (plan.binary) {
      // every member has the minority code: each pair inside R agrees
      const w2 = 2 * w;
      for (let a = s; a < e; a++) {
        const mi = members[a];
        u[mi] += w;
        const row = mi * M;
        for (let b = a + 1; b < e; b++) acc[row + members[b]] += w2;
      }
      continue;
    }
    for (let a = s; a < e; a++) {
      const mi = members[a];
      u[mi] += w;
      const ci = codes[a];
      const row = mi * M;
      for (let b = a + 1; b < e; b++) acc[row + members[b]] += codes[b] === ci ? 2 * w : w;
    }
  }
  for (let i = 0; i < M; i++) {
    acc[i * M + i] = total;
    for (let j = i + 1; j < M; j++) {
      const v = total - u[i] - u[j] + acc[i * M + j];
      acc[i * M + j] = v;
      acc[j * M + i] = v;
    }
  }
  return acc;
}

/** Σ_x w_x 1[code_m(x) = code] for every model m. */
export function weightedCodeCounts(plan: AgreementPlan, weights: ArrayLike<number> | null, code: number): Float64Array {
  const M = plan.models;
  const out = new Float64Array(M);
  let base = 0;
  const { offsets, members, codes, plurality } = plan;
  for (let x = 0; x < plan.examples; x++) {
    const w = weights === null ? 1 : weights[x];
    if (w === 0) continue;
    const isPlural = plurality[x] === code;
    if (isPlural) base += w;
    for (let a = offsets[x]; a < offsets[x + 1]; a++) {
      if (isPlural) out[members[a]] -= w;
      else if (codes[a] === code) out[members[a]] += w;
    }
  }
  for (let m = 0; m < M; m++) out[m] += base;
  return out;
}
