/**
 * Several bootstrap resamples' pairwise agreement in one pass over an agreement plan (see
 * agreement.ts): the resamples' multiplicities are packed into one double, FIELD_BITS bits each,
 * so one pair update counts for all of them; fields are flushed before they can overflow.
 */
import type { AgreementPlan } from './agreement.js';
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64,
  F64_ADD,
  F64_LOAD,
  F64_MUL,
  F64_NE,
  F64_STORE,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_LOAD16_U,
  I32_LOAD8_U,
  I32_MUL,
  I32_SHL,
  IF,
  LOOP,
  SELECT,
  VOID,
  compile,
  ensureMemory,
  f64,
  get,
  i32,
  instantiate,
  moduleBytes,
  set,
  type WasmMemory,
} from './wasm-asm.js';

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

/**
 * The hot loop as a WebAssembly kernel: pairs(t0, t1, rowBytes, S, E, members, groupEnd, pw,
 * plural, acc, uOne, uOther, same). For each active example t in [t0, t1) with packed weight
 * pw[t] ≠ 0: every member a of S[t]..E[t] adds pw to u[members[a]] (u = uOne where plural[t],
 * else uOther) and, for every later member b, pw·same (b in a's code group, below groupEnd[a]) or
 * pw (after it) to acc[members[a]·M + members[b]]. Byte pointers; members u16, S/E/groupEnd u32,
 * plural u8, the rest f64. Integer sums in doubles: exact, so the order does not matter.
 */
function pairsModule(): Uint8Array {
  const [T0, T1, ROWB, S, E, MEM, GEND, PW, PLURAL, ACC, UONE, UOTHER, SAME] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [T, A, EA, G, B, ROW, UBASE, ADDR, W, WS] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const body: number[] = [];
  const emit = (...xs: number[][]) => {
    for (const x of xs) body.push(...x);
  };
  /** f64 at `addr` (an i32 on the stack, kept in ADDR) += local `v`. */
  const addAt = (v: number) => emit(set(ADDR), get(ADDR), get(ADDR), [F64_LOAD, 3, 0], get(v), [F64_ADD], [F64_STORE, 3, 0]);
  /** members[local b] · 8 + row, on the stack. */
  const memberAddr = (b: number) => emit(get(MEM), get(b), i32(1), [I32_SHL], [I32_ADD], I32_LOAD16_U, i32(3), [I32_SHL], get(ROW), [I32_ADD]);
  const inner = (upTo: number, v: number) => {
    emit([BLOCK, VOID, LOOP, VOID], get(B), get(upTo), [I32_GE_U, BR_IF, 1]);
    memberAddr(B);
    addAt(v);
    emit(get(B), i32(1), [I32_ADD], set(B), [BR, 0, END, END]);
  };
  emit(get(T0), set(T));
  emit([BLOCK, VOID, LOOP, VOID], get(T), get(T1), [I32_GE_U, BR_IF, 1]);
  emit(get(PW), get(T), i32(3), [I32_SHL], [I32_ADD], [F64_LOAD, 3, 0], set(W));
  emit(get(W), f64(0), [F64_NE, IF, VOID]);
  emit(get(W), get(SAME), [F64_MUL], set(WS));
  emit(get(UONE), get(UOTHER), get(PLURAL), get(T), [I32_ADD], I32_LOAD8_U, [SELECT], set(UBASE));
  emit(get(S), get(T), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(A));
  emit(get(E), get(T), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(EA));
  emit([BLOCK, VOID, LOOP, VOID], get(A), get(EA), [I32_GE_U, BR_IF, 1]);
  // mi = members[a]: u[mi] += w; row = acc + mi·rowBytes
  emit(get(MEM), get(A), i32(1), [I32_SHL], [I32_ADD], I32_LOAD16_U, set(ROW));
  emit(get(ROW), i32(3), [I32_SHL], get(UBASE), [I32_ADD]);
  addAt(W);
  emit(get(ROW), get(ROWB), [I32_MUL], get(ACC), [I32_ADD], set(ROW));
  emit(get(GEND), get(A), i32(2), [I32_SHL], [I32_ADD], I32_LOAD, set(G));
  emit(get(A), i32(1), [I32_ADD], set(B));
  inner(G, WS);
  inner(EA, W);
  emit(get(A), i32(1), [I32_ADD], set(A), [BR, 0, END, END]);
  emit([END]); // if
  emit(get(T), i32(1), [I32_ADD], set(T), [BR, 0, END, END]);
  return moduleBytes(
    'pairs',
    [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64],
    [
      [8, I32],
      [2, F64],
    ],
    body,
  );
}

interface PairsKernel {
  pairs: (
    t0: number,
    t1: number,
    rowBytes: number,
    s: number,
    e: number,
    members: number,
    groupEnd: number,
    pw: number,
    plural: number,
    acc: number,
    uOne: number,
    uOther: number,
    same: number,
  ) => void;
  memory: WasmMemory;
}

let pairsCompiled: object | null = null;

/** A plan's arrays in a kernel instance's memory, and views of its per-call buffers. */
interface PlanMemory {
  run: (t0: number, t1: number, same: number) => void;
  pw: Float64Array;
  acc: Float64Array;
  uOne: Float64Array;
  uOther: Float64Array;
}

const planMemory = new WeakMap<AgreementPlan, PlanMemory>();

/** Per active example: start and end of its members, and whether its plurality code is 1. */
function activeRanges(plan: AgreementPlan, g: GroupedPlan) {
  const nA = g.active.length;
  const S = new Uint32Array(nA),
    E = new Uint32Array(nA),
    plural = new Uint8Array(nA);
  for (let t = 0; t < nA; t++) {
    const x = g.active[t];
    S[t] = plan.offsets[x];
    E[t] = plan.offsets[x + 1];
    plural[t] = g.pluralOne[x];
  }
  return { S, E, plural };
}

/** The kernel instance holding `plan` (WebAssembly), or the same loop in JavaScript. */
function planKernel(plan: AgreementPlan, g: GroupedPlan): PlanMemory {
  const cached = planMemory.get(plan);
  if (cached) return cached;
  const M = plan.models;
  const nA = g.active.length;
  const len = g.members.length;
  const { S, E, plural } = activeRanges(plan, g);
  if (!pairsCompiled) pairsCompiled = compile(pairsModule());
  let out: PlanMemory;
  if (pairsCompiled) {
    const k = instantiate<PairsKernel>(pairsCompiled);
    const up8 = (n: number) => (n + 7) & ~7;
    let at = 0;
    const place = (bytes: number) => {
      const p = at;
      at += up8(bytes);
      return p;
    };
    const pS = place(nA * 4),
      pE = place(nA * 4),
      pMem = place(len * 2),
      pG = place(len * 4),
      pPlural = place(nA);
    const pPw = place(nA * 8),
      pAcc = place(M * M * 8),
      pOne = place(M * 8),
      pOther = place(M * 8);
    ensureMemory(k.memory, at);
    const buf = k.memory.buffer;
    new Uint32Array(buf, pS, nA).set(S);
    new Uint32Array(buf, pE, nA).set(E);
    new Uint16Array(buf, pMem, len).set(g.members);
    new Uint32Array(buf, pG, len).set(g.groupEnd);
    new Uint8Array(buf, pPlural, nA).set(plural);
    out = {
      run: (t0, t1, same) => k.pairs(t0, t1, M * 8, pS, pE, pMem, pG, pPw, pPlural, pAcc, pOne, pOther, same),
      pw: new Float64Array(buf, pPw, nA),
      acc: new Float64Array(buf, pAcc, M * M),
      uOne: new Float64Array(buf, pOne, M),
      uOther: new Float64Array(buf, pOther, M),
    };
  } else {
    const pw = new Float64Array(nA),
      acc = new Float64Array(M * M),
      uOne = new Float64Array(M),
      uOther = new Float64Array(M);
    const { members, groupEnd } = g;
    out = {
      pw,
      acc,
      uOne,
      uOther,
      run: (t0, t1, same) => {
        for (let t = t0; t < t1; t++) {
          const w = pw[t];
          if (w === 0) continue;
          const ws = w * same;
          const u = plural[t] ? uOne : uOther;
          const e = E[t];
          for (let a = S[t]; a < e; a++) {
            const mi = members[a];
            u[mi] += w;
            const row = mi * M;
            const gEnd = groupEnd[a];
            let b = a + 1;
            for (; b < gEnd; b++) acc[row + members[b]] += ws;
            for (; b < e; b++) acc[row + members[b]] += w;
          }
        }
      },
    };
  }
  planMemory.set(plan, out);
  return out;
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
  // the kernel's buffers: packed weights per active example, packed pair and member accumulators
  // (member weights split by plurality code, binary plans, so that code-1 counts follow)
  const kernel = planKernel(plan, { active, members, groupEnd, pluralOne });
  const { acc, uOne, uOther, pw: packed } = kernel;
  acc.fill(0);
  uOne.fill(0);
  uOther.fill(0);
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
