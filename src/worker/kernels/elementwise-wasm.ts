/**
 * Two element-wise passes of a conv/dense training step as WebAssembly SIMD functions in the tfjs
 * wasm backend's heap, each replacing a chain of tfjs kernels with the same float32 arithmetic:
 *
 * - `add_xc`, `sub_cx`, … (x, c, out, rows, cBytes): out[r, k] = x[r, k] op c[k] (or c[k] op
 *   x[r, k]) — a per-channel operand broadcast over the rows: Layers' bias add (`Add [n, h, w, c]
 *   [c]`), BatchNormalization's centring, scaling and their gradients. wasm's broadcasting binary
 *   ops took 1.1–1.2 ms for the default CNN's first activation (800k values), a memory-bound pass.
 * - `reluGrad(dy, x, out, bytes)`: dy · step(x), step(x) = 1 for x > 0, NaN for NaN, else 0 —
 *   tfjs's Relu gradient `mul(dy, cast(step(x), 'float32'))`, three kernels and two temporaries.
 *   The product is still a multiplication, so −0 (negative dy, x ≤ 0), NaN (NaN x, or ∞ · 0) come
 *   out as tfjs's do.
 *
 * Byte counts are multiples of 16; callers use tfjs's kernels otherwise (channel-broadcast.ts, relu-grad.ts).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  I32,
  I32_ADD,
  I32_GE_U,
  LOOP,
  SIMD,
  V128,
  VOID,
  compile,
  emitter,
  get,
  i32,
  instantiate,
  moduleOf,
  set,
  uleb,
  type WasmFunction,
} from '../../analysis/wasm-asm.js';

const simd = (op: number): number[] => [SIMD, ...uleb(op)];
const LOAD = [SIMD, ...uleb(0x00), 2, 0],
  STORE = [SIMD, ...uleb(0x0b), 2, 0],
  F32X4_SPLAT = simd(0x13),
  F32X4_GT = simd(0x44),
  F32X4_NE = simd(0x42),
  F32X4_MUL = simd(0xe6),
  BITSELECT = simd(0x52);
const f32 = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];

/** The binary ops with a per-channel operand, and their f32x4 opcodes. */
export const CHANNEL_OPS = { add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7 } as const;
export type ChannelOp = keyof typeof CHANNEL_OPS;

/**
 * `${op}_xc` (out = x op c) or, with channelFirst, `${op}_cx` (out = c op x): for each of `rows`
 * rows of cBytes of x, c one value per channel (cBytes long).
 */
function channelFunction(op: ChannelOp, channelFirst: boolean): WasmFunction {
  const [X, CH, OUT, ROWS, CB] = [0, 1, 2, 3, 4];
  const [R, D, P] = [5, 6, 7];
  const { body, emit } = emitter();
  const x = [get(X), get(P), [I32_ADD], get(D), [I32_ADD], LOAD];
  const c = [get(CH), get(D), [I32_ADD], LOAD];
  emit(i32(0), set(R), i32(0), set(P));
  emit([BLOCK, VOID, LOOP, VOID], get(R), get(ROWS), [I32_GE_U, BR_IF, 1]);
  emit(i32(0), set(D));
  emit([BLOCK, VOID, LOOP, VOID], get(D), get(CB), [I32_GE_U, BR_IF, 1]);
  emit(get(OUT), get(P), [I32_ADD], get(D), [I32_ADD]);
  emit(...(channelFirst ? [...c, ...x] : [...x, ...c]), simd(CHANNEL_OPS[op]), STORE);
  emit(get(D), i32(16), [I32_ADD], set(D), [BR, 0, END, END]);
  emit(get(P), get(CB), [I32_ADD], set(P));
  emit(get(R), i32(1), [I32_ADD], set(R), [BR, 0, END, END]);
  return { name: `${op}_${channelFirst ? 'cx' : 'xc'}`, params: [I32, I32, I32, I32, I32], locals: [[3, I32]], body };
}

/** reluGrad: out = dy · step(x) over `bytes`. */
function reluGradFunction(): WasmFunction {
  const [DY, X, OUT, BYTES] = [0, 1, 2, 3];
  const P = 4;
  const [ZERO, ONE, XV, S] = [5, 6, 7, 8];
  const { body, emit } = emitter();
  emit(f32(0), F32X4_SPLAT, set(ZERO), f32(1), F32X4_SPLAT, set(ONE), i32(0), set(P));
  emit([BLOCK, VOID, LOOP, VOID], get(P), get(BYTES), [I32_GE_U, BR_IF, 1]);
  emit(get(X), get(P), [I32_ADD], LOAD, set(XV));
  // s = x > 0 ? 1 : 0, then x itself (a NaN) where x ≠ x
  emit(get(ONE), get(ZERO), get(XV), get(ZERO), F32X4_GT, BITSELECT, set(S));
  emit(get(XV), get(S), get(XV), get(XV), F32X4_NE, BITSELECT, set(S));
  emit(get(OUT), get(P), [I32_ADD], get(DY), get(P), [I32_ADD], LOAD, get(S), F32X4_MUL, STORE);
  emit(get(P), i32(16), [I32_ADD], set(P), [BR, 0, END, END]);
  return {
    name: 'reluGrad',
    params: [I32, I32, I32, I32],
    locals: [
      [1, I32],
      [4, V128],
    ],
    body,
  };
}

/** (x, c, out, rows, cBytes) → void: see channelFunction. */
export type ChannelFunction = (x: number, c: number, out: number, rows: number, cBytes: number) => void;

export type ElementwiseFunctions = Record<`${ChannelOp}_${'xc' | 'cx'}`, ChannelFunction> & {
  reluGrad(dy: number, x: number, out: number, bytes: number): void;
};

const FUNCTIONS = (): WasmFunction[] => [
  ...(Object.keys(CHANNEL_OPS) as ChannelOp[]).flatMap((op) => [channelFunction(op, false), channelFunction(op, true)]),
  reluGradFunction(),
];

let compiled: object | null | undefined;
const instances = new WeakMap<object, ElementwiseFunctions>();

/** The functions bound to `memory` (the tfjs wasm backend's WebAssembly.Memory), or null without SIMD. */
export function elementwiseFunctions(memory: object): ElementwiseFunctions | null {
  if (compiled === undefined) compiled = compile(moduleOf(FUNCTIONS(), { importMemory: true }));
  if (compiled === null) return null;
  let fns = instances.get(memory);
  if (fns === undefined) {
    fns = instantiate<ElementwiseFunctions>(compiled, { env: { memory } });
    instances.set(memory, fns);
  }
  return fns;
}

/** Forgets the compiled module (tests that turn WebAssembly off with setWasmEnabled). */
export function resetElementwiseFunctions(): void {
  compiled = undefined;
}
