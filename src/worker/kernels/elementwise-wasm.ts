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
import { F32X4, I32, I32_ADD, V128, emitter, f32, forLoop, get, i32, set, type WasmFunction } from '../../analysis/wasm-asm.js';
import { V128_BITSELECT as BITSELECT, V128_LOAD4 as LOAD, V128_STORE4 as STORE } from '../../analysis/wasm-asm.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapModule } from './heap.js';

/** The binary ops with a per-channel operand. */
export const CHANNEL_OPS = ['add', 'sub', 'mul', 'div'] as const;
export type ChannelOp = (typeof CHANNEL_OPS)[number];

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
  forLoop(emit, R, ROWS, 1, () => {
    emit(i32(0), set(D));
    forLoop(emit, D, CB, 16, () => {
      emit(get(OUT), get(P), [I32_ADD], get(D), [I32_ADD]);
      emit(...(channelFirst ? [...c, ...x] : [...x, ...c]), F32X4[op], STORE);
    });
    emit(get(P), get(CB), [I32_ADD], set(P));
  });
  return { name: `${op}_${channelFirst ? 'cx' : 'xc'}`, params: [I32, I32, I32, I32, I32], locals: [[3, I32]], body };
}

/** reluGrad: out = dy · step(x) over `bytes`. */
function reluGradFunction(): WasmFunction {
  const [DY, X, OUT, BYTES] = [0, 1, 2, 3];
  const P = 4;
  const [ZERO, ONE, XV, S] = [5, 6, 7, 8];
  const { body, emit } = emitter();
  emit(f32(0), F32X4.splat, set(ZERO), f32(1), F32X4.splat, set(ONE), i32(0), set(P));
  forLoop(emit, P, BYTES, 16, () => {
    emit(get(X), get(P), [I32_ADD], LOAD, set(XV));
    // s = x > 0 ? 1 : 0, then x itself (a NaN) where x ≠ x
    emit(get(ONE), get(ZERO), get(XV), get(ZERO), F32X4.gt, BITSELECT, set(S));
    emit(get(XV), get(S), get(XV), get(XV), F32X4.ne, BITSELECT, set(S));
    emit(get(OUT), get(P), [I32_ADD], get(DY), get(P), [I32_ADD], LOAD, get(S), F32X4.mul, STORE);
  });
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

const FUNCTIONS = (): WasmFunction[] => [...CHANNEL_OPS.flatMap((op) => [channelFunction(op, false), channelFunction(op, true)]), reluGradFunction()];

const module = heapModule<ElementwiseFunctions>(FUNCTIONS);

/** The functions working in this backend's heap, or null (see HeapModule.functions). */
export const elementwiseFunctions = (b: BackendWasm): ElementwiseFunctions | null => module.forBackend(b);
