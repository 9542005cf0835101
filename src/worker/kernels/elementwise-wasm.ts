/**
 * Two element-wise passes of a conv/dense training step as WebAssembly SIMD functions in the tfjs
 * wasm backend's heap, each replacing a chain of tfjs kernels with the same float32 arithmetic:
 *
 * - `biasAdd(a, bias, out, rows, cBytes)`: out[r, c] = a[r, c] + bias[c], what Layers' bias add
 *   (`Add [n, h, w, c] [c]`) computes; wasm's broadcasting Add took 1.2 ms on the default CNN's
 *   first activation, a memory-bound pass.
 * - `reluGrad(dy, x, out, bytes)`: dy · step(x), step(x) = 1 for x > 0, NaN for NaN, else 0 —
 *   tfjs's Relu gradient `mul(dy, cast(step(x), 'float32'))`, three kernels and two temporaries.
 *   The product is still a multiplication, so −0 (negative dy, x ≤ 0), NaN (NaN x, or ∞ · 0) come
 *   out as tfjs's do.
 *
 * Byte counts are multiples of 16; callers use tfjs's kernels otherwise (bias-add.ts, relu-grad.ts).
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
  F32X4_ADD = simd(0xe4),
  F32X4_MUL = simd(0xe6),
  BITSELECT = simd(0x52);
const f32 = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];

/** biasAdd: for each of `rows` rows of cBytes, out = a + bias (bias cBytes long). */
function biasAddFunction(): WasmFunction {
  const [A, BIAS, OUT, ROWS, CB] = [0, 1, 2, 3, 4];
  const [R, D, P] = [5, 6, 7];
  const { body, emit } = emitter();
  emit(i32(0), set(R), i32(0), set(P));
  emit([BLOCK, VOID, LOOP, VOID], get(R), get(ROWS), [I32_GE_U, BR_IF, 1]);
  emit(i32(0), set(D));
  emit([BLOCK, VOID, LOOP, VOID], get(D), get(CB), [I32_GE_U, BR_IF, 1]);
  emit(get(OUT), get(P), [I32_ADD], get(D), [I32_ADD]);
  emit(get(A), get(P), [I32_ADD], get(D), [I32_ADD], LOAD);
  emit(get(BIAS), get(D), [I32_ADD], LOAD, F32X4_ADD, STORE);
  emit(get(D), i32(16), [I32_ADD], set(D), [BR, 0, END, END]);
  emit(get(P), get(CB), [I32_ADD], set(P));
  emit(get(R), i32(1), [I32_ADD], set(R), [BR, 0, END, END]);
  return { name: 'biasAdd', params: [I32, I32, I32, I32, I32], locals: [[3, I32]], body };
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

export interface ElementwiseFunctions {
  biasAdd(a: number, bias: number, out: number, rows: number, cBytes: number): void;
  reluGrad(dy: number, x: number, out: number, bytes: number): void;
}

let compiled: object | null | undefined;
const instances = new WeakMap<object, ElementwiseFunctions>();

/** The functions bound to `memory` (the tfjs wasm backend's WebAssembly.Memory), or null without SIMD. */
export function elementwiseFunctions(memory: object): ElementwiseFunctions | null {
  if (compiled === undefined) compiled = compile(moduleOf([biasAddFunction(), reluGradFunction()], { importMemory: true }));
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
