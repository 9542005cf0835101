/**
 * The kernels of agreement-batch.ts, and the per-plan buffers they work on: `pairs` adds packed
 * weights (several resamples' multiplicities in one double) to every pair of members of each
 * example, `flush` unpacks the packed pair sums into one total per resample, `finish` turns a
 * resample's pair totals into its agreement matrix. As a WebAssembly module assembled here
 * (wasm-asm.ts) or, where WebAssembly is unavailable or turned off, the same loops in
 * JavaScript. Every value is an integer sum held exactly in a double, so both give the same
 * numbers bit for bit.
 */
import type { AgreementPlan } from './agreement.js';
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64,
  F64_ADD,
  F64_FLOOR,
  F64_LOAD,
  F64_MUL,
  F64_NE,
  F64_STORE,
  F64_SUB,
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
  moduleOf,
  set,
  type WasmFunction,
  type WasmMemory,
} from './wasm-asm.js';

/** Resamples per packed double, and the bits of each one's field (4 × 13 = 52 < 53: exact integers). */
export const PACKED = 4;
export const FIELD_BITS = 13;
export const FIELD_SCALE = [1, 2 ** FIELD_BITS, 2 ** (2 * FIELD_BITS), 2 ** (3 * FIELD_BITS)];
export const FIELD_INV = FIELD_SCALE.map((s) => 1 / s);

/** The plan with each example's members grouped by code (ascending model within a group). */
export interface GroupedPlan {
  /** Examples with at least one member, ascending. */
  active: Uint32Array;
  members: Uint16Array;
  /** groupEnd[a]: end (exclusive) of the code group of position a. */
  groupEnd: Uint32Array;
  /** For binary plans: 1 where the plurality code is 1. */
  pluralOne: Uint8Array;
}

const grouped = new WeakMap<AgreementPlan, GroupedPlan>();

export function groupPlan(plan: AgreementPlan): GroupedPlan {
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

type Emit = (...xs: number[][]) => void;
function emitter(): { body: number[]; emit: Emit } {
  const body: number[] = [];
  return {
    body,
    emit: (...xs) => {
      for (const x of xs) body.push(...x);
    },
  };
}

/**
 * pairs(t0, t1, rowBytes, S, E, members, groupEnd, pw, plural, acc, uOne, uOther, same): for each
 * active example t in [t0, t1) with packed weight pw[t] ≠ 0, every member a of S[t]..E[t] adds pw
 * to u[members[a]] (u = uOne where plural[t], else uOther) and, for every later member b, pw·same
 * (b in a's code group, below groupEnd[a]) or pw (after it) to acc[members[a]·M + members[b]].
 * Byte pointers; members u16, S/E/groupEnd u32, plural u8, the rest f64.
 */
function pairsFunction(): WasmFunction {
  const [T0, T1, ROWB, S, E, MEM, GEND, PW, PLURAL, ACC, UONE, UOTHER, SAME] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [T, A, EA, G, B, ROW, UBASE, ADDR, W, WS] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const { body, emit } = emitter();
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
  return {
    name: 'pairs',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64],
    locals: [
      [8, I32],
      [2, F64],
    ],
    body,
  };
}

/**
 * flush(M, acc, out, outStride): for every pair i < j, v = acc[i·M+j] + acc[j·M+i] (both then
 * cleared) is unpacked — field l = ⌊v / 2^(13l)⌋ from the top — and field l added to
 * out_l[i·M+j], out_l = out + l·outStride (bytes).
 */
function flushFunction(): WasmFunction {
  const [M, ACC, OUT, OSTR, I, J, PIJ, PJI, ROWB, OIJ, ADDR, V, F] = Array.from({ length: 13 }, (_, i) => i);
  const { body, emit } = emitter();
  const addTo = (at: number[], v: number) => emit(at, set(ADDR), get(ADDR), get(ADDR), [F64_LOAD, 3, 0], get(v), [F64_ADD, F64_STORE, 3, 0]);
  emit(get(M), i32(3), [I32_SHL], set(ROWB), i32(0), set(I));
  emit([BLOCK, VOID, LOOP, VOID], get(I), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(I), i32(1), [I32_ADD], set(J));
  // PIJ = acc + (i·M + j)·8, PJI = acc + (j·M + i)·8, OIJ = out + (i·M + j)·8
  emit(get(I), get(M), [I32_MUL], get(J), [I32_ADD], i32(3), [I32_SHL], set(OIJ));
  emit(get(OIJ), get(ACC), [I32_ADD], set(PIJ), get(OIJ), get(OUT), [I32_ADD], set(OIJ));
  emit(get(J), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(ACC), [I32_ADD], set(PJI));
  emit([BLOCK, VOID, LOOP, VOID], get(J), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(PIJ), [F64_LOAD, 3, 0], get(PJI), [F64_LOAD, 3, 0], [F64_ADD], set(V));
  emit(get(V), f64(0), [F64_NE, IF, VOID]);
  emit(get(PIJ), f64(0), [F64_STORE, 3, 0], get(PJI), f64(0), [F64_STORE, 3, 0]);
  for (let l = PACKED - 1; l > 0; l--) {
    emit(get(V), f64(FIELD_INV[l]), [F64_MUL, F64_FLOOR], set(F));
    emit(get(V), get(F), f64(FIELD_SCALE[l]), [F64_MUL, F64_SUB], set(V));
    addTo([...get(OIJ), ...get(OSTR), ...i32(l), I32_MUL, I32_ADD], F);
  }
  addTo(get(OIJ), V);
  emit([END]); // if
  emit(get(J), i32(1), [I32_ADD], set(J), get(PIJ), i32(8), [I32_ADD], set(PIJ), get(OIJ), i32(8), [I32_ADD], set(OIJ));
  emit(get(PJI), get(ROWB), [I32_ADD], set(PJI), [BR, 0, END, END]);
  emit(get(I), i32(1), [I32_ADD], set(I), [BR, 0, END, END]);
  return {
    name: 'flush',
    params: [I32, I32, I32, I32],
    locals: [
      [7, I32],
      [2, F64],
    ],
    body,
  };
}

/**
 * finish(M, out, u, total, mult): the agreement matrix in place of the pair totals `out` (upper
 * triangle): diagonal `total`, out[i·M+j] = out[j·M+i] = total − u[i] − u[j] + mult·out[i·M+j].
 */
function finishFunction(): WasmFunction {
  const [M, OUT, U, TOT, MULT, I, J, PIJ, PJI, ROWB, PUJ, UI] = Array.from({ length: 12 }, (_, i) => i);
  const { body, emit } = emitter();
  emit(get(M), i32(3), [I32_SHL], set(ROWB), i32(0), set(I));
  emit([BLOCK, VOID, LOOP, VOID], get(I), get(M), [I32_GE_U, BR_IF, 1]);
  emit(get(I), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], get(TOT), [F64_STORE, 3, 0]);
  emit(get(U), get(I), i32(3), [I32_SHL, I32_ADD, F64_LOAD, 3, 0], set(UI));
  emit(get(I), i32(1), [I32_ADD], set(J));
  emit(get(I), get(M), [I32_MUL], get(J), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], set(PIJ));
  emit(get(J), get(M), [I32_MUL], get(I), [I32_ADD], i32(3), [I32_SHL], get(OUT), [I32_ADD], set(PJI));
  emit(get(U), get(J), i32(3), [I32_SHL, I32_ADD], set(PUJ));
  emit([BLOCK, VOID, LOOP, VOID], get(J), get(M), [I32_GE_U, BR_IF, 1]);
  // v = ((total − u_i) − u_j) + mult·p, stored at (i, j) and (j, i)
  emit(get(PIJ), get(TOT), get(UI), [F64_SUB], get(PUJ), [F64_LOAD, 3, 0, F64_SUB], get(MULT), get(PIJ), [F64_LOAD, 3, 0, F64_MUL, F64_ADD]);
  emit(set(UI + 1), get(UI + 1), [F64_STORE, 3, 0], get(PJI), get(UI + 1), [F64_STORE, 3, 0]);
  emit(get(J), i32(1), [I32_ADD], set(J), get(PIJ), i32(8), [I32_ADD], set(PIJ), get(PUJ), i32(8), [I32_ADD], set(PUJ));
  emit(get(PJI), get(ROWB), [I32_ADD], set(PJI), [BR, 0, END, END]);
  emit(get(I), i32(1), [I32_ADD], set(I), [BR, 0, END, END]);
  return {
    name: 'finish',
    params: [I32, I32, I32, F64, F64],
    locals: [
      [6, I32],
      [2, F64],
    ],
    body,
  };
}

interface AgreementKernel {
  pairs: (...args: number[]) => void;
  flush: (M: number, acc: number, out: number, outStride: number) => void;
  finish: (M: number, out: number, u: number, total: number, mult: number) => void;
  memory: WasmMemory;
}

let compiled: object | null = null;

/**
 * A plan's arrays and buffers (in a kernel instance's memory, or plain arrays for the JavaScript
 * loops). `out[l]` is resample l's agreement matrix after finish(l, …), until the next run.
 */
export interface PlanKernel {
  /** The pair loop over active examples [t0, t1) with the packed weights `pw`. */
  run(t0: number, t1: number, same: number): void;
  /** Packed pair sums `acc` unpacked into the upper triangles of `out` (acc cleared). */
  flush(): void;
  /** out[l] becomes resample l's agreement matrix, from its member totals u[l]. */
  finish(l: number, total: number, mult: number): void;
  pw: Float64Array;
  acc: Float64Array;
  uOne: Float64Array;
  uOther: Float64Array;
  out: Float64Array[];
  u: Float64Array[];
}

const kernels = new WeakMap<AgreementPlan, PlanKernel>();

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

function wasmKernel(plan: AgreementPlan, g: GroupedPlan, module: object): PlanKernel {
  const M = plan.models;
  const nA = g.active.length;
  const len = g.members.length;
  const { S, E, plural } = activeRanges(plan, g);
  const k = instantiate<AgreementKernel>(module);
  let at = 0;
  const place = (bytes: number) => {
    const p = at;
    at += (bytes + 7) & ~7;
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
    pOther = place(M * 8),
    pOut = place(PACKED * M * M * 8),
    pU = place(PACKED * M * 8);
  ensureMemory(k.memory, at);
  const buf = k.memory.buffer;
  new Uint32Array(buf, pS, nA).set(S);
  new Uint32Array(buf, pE, nA).set(E);
  new Uint16Array(buf, pMem, len).set(g.members);
  new Uint32Array(buf, pG, len).set(g.groupEnd);
  new Uint8Array(buf, pPlural, nA).set(plural);
  const outAt = (l: number) => pOut + l * M * M * 8;
  return {
    run: (t0, t1, same) => k.pairs(t0, t1, M * 8, pS, pE, pMem, pG, pPw, pPlural, pAcc, pOne, pOther, same),
    flush: () => k.flush(M, pAcc, pOut, M * M * 8),
    finish: (l, total, mult) => k.finish(M, outAt(l), pU + l * M * 8, total, mult),
    pw: new Float64Array(buf, pPw, nA),
    acc: new Float64Array(buf, pAcc, M * M),
    uOne: new Float64Array(buf, pOne, M),
    uOther: new Float64Array(buf, pOther, M),
    out: Array.from({ length: PACKED }, (_, l) => new Float64Array(buf, outAt(l), M * M)),
    u: Array.from({ length: PACKED }, (_, l) => new Float64Array(buf, pU + l * M * 8, M)),
  };
}

function jsKernel(plan: AgreementPlan, g: GroupedPlan): PlanKernel {
  const M = plan.models;
  const { S, E, plural } = activeRanges(plan, g);
  const { members, groupEnd } = g;
  const pw = new Float64Array(g.active.length),
    acc = new Float64Array(M * M),
    uOne = new Float64Array(M),
    uOther = new Float64Array(M);
  const out = Array.from({ length: PACKED }, () => new Float64Array(M * M));
  const u = Array.from({ length: PACKED }, () => new Float64Array(M));
  return {
    pw,
    acc,
    uOne,
    uOther,
    out,
    u,
    run: (t0, t1, same) => {
      for (let t = t0; t < t1; t++) {
        const w = pw[t];
        if (w === 0) continue;
        const ws = w * same;
        const uu = plural[t] ? uOne : uOther;
        const e = E[t];
        for (let a = S[t]; a < e; a++) {
          const mi = members[a];
          uu[mi] += w;
          const row = mi * M;
          const gEnd = groupEnd[a];
          let b = a + 1;
          for (; b < gEnd; b++) acc[row + members[b]] += ws;
          for (; b < e; b++) acc[row + members[b]] += w;
        }
      }
    },
    flush: () => {
      for (let i = 0; i < M; i++) {
        for (let j = i + 1; j < M; j++) {
          let v = acc[i * M + j] + acc[j * M + i];
          if (v === 0) continue;
          acc[i * M + j] = 0;
          acc[j * M + i] = 0;
          for (let l = PACKED - 1; l > 0; l--) {
            const f = Math.floor(v * FIELD_INV[l]);
            v -= f * FIELD_SCALE[l];
            out[l][i * M + j] += f;
          }
          out[0][i * M + j] += v;
        }
      }
    },
    finish: (l, total, mult) => {
      const o = out[l],
        ul = u[l];
      for (let i = 0; i < M; i++) {
        o[i * M + i] = total;
        for (let j = i + 1; j < M; j++) {
          const v = total - ul[i] - ul[j] + mult * o[i * M + j];
          o[i * M + j] = v;
          o[j * M + i] = v;
        }
      }
    },
  };
}

/** The kernel holding `plan` (WebAssembly where available, else JavaScript), made once per plan. */
export function planKernel(plan: AgreementPlan): PlanKernel {
  const cached = kernels.get(plan);
  if (cached) return cached;
  const g = groupPlan(plan);
  if (!compiled) compiled = compile(moduleOf([pairsFunction(), flushFunction(), finishFunction()]));
  const k = compiled ? wasmKernel(plan, g, compiled) : jsKernel(plan, g);
  kernels.set(plan, k);
  return k;
}
