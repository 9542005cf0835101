/**
 * The per-plan buffers of agreement-batch.ts and the loops over them: the WebAssembly module of
 * agreement-wasm.ts where available (one instance per plan, its arrays copied in once), else the
 * same loops in JavaScript. Every value is an integer sum held exactly in a double, so both give
 * the same numbers bit for bit.
 */
import type { AgreementPlan } from './agreement.js';
import { FIELD_INV, FIELD_SCALE, PACKED, agreementModule, type AgreementKernel } from './agreement-wasm.js';
import { compile, ensureMemory, instantiate } from './wasm-asm.js';

export { FIELD_BITS, FIELD_SCALE, PACKED } from './agreement-wasm.js';

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
  if (!compiled) compiled = compile(agreementModule());
  const k = compiled ? wasmKernel(plan, g, compiled) : jsKernel(plan, g);
  kernels.set(plan, k);
  return k;
}
