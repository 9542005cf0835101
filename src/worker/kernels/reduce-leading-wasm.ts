/**
 * reduce-leading.ts's per-channel sums as WebAssembly SIMD functions in the tfjs wasm backend's
 * heap: `sum{4,8,16}(src, out, rows, cBytes, mean)` add `rows` rows into float64 accumulators,
 * 4, 8 or 16 channels per pass over the rows (two per f64x2; each float32 widened exactly), then
 * divide by `rows` for a mean (mean ≠ 0) and round to float32. Every channel is summed in row order
 * from +0, as the JavaScript loop does, so the results are the same bits.
 */
import { END, I32, I32_ADD, I32_MUL, IF, SIMD, V128, VOID, emitter, forLoop, get, i32, set, simd, uleb, type WasmFunction } from '../../analysis/wasm-asm.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapModule } from './heap.js';

const LOAD64_ZERO = (offset: number) => [SIMD, ...uleb(0x5d), 3, ...uleb(offset)];
const STORE64_LANE0 = (offset: number) => [SIMD, ...uleb(0x5b), 3, ...uleb(offset), 0];
const F64X2_PROMOTE_LOW = simd(0x5f),
  F32X4_DEMOTE_ZERO = simd(0x5e),
  F64X2_ADD = simd(0xf0),
  F64X2_DIV = simd(0xf3),
  F64X2_SPLAT = simd(0x14),
  V128_ZERO = [SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const F64_CONVERT_I32_U = 0xb8;

/** sum{width}: channels in blocks of `width` (cBytes a multiple of 4·width). */
function sumFunction(width: 4 | 8 | 16): WasmFunction {
  const [SRC, OUT, ROWS, CB, MEAN] = [0, 1, 2, 3, 4];
  const [J, P, END_P, TOTAL] = [5, 6, 7, 8];
  const acc = Array.from({ length: width / 2 }, (_, i) => 9 + i);
  const { body, emit } = emitter();
  // TOTAL = rows · cBytes: the bytes of the input
  emit(get(ROWS), get(CB), [I32_MUL], set(TOTAL));
  emit(i32(0), set(J));
  forLoop(emit, J, CB, 4 * width, () => {
    for (const a of acc) emit(V128_ZERO, set(a));
    // P walks this block's column down the rows: src + J, src + J + cBytes, …
    emit(get(SRC), get(J), [I32_ADD], set(P));
    emit(get(P), get(TOTAL), [I32_ADD], set(END_P));
    forLoop(emit, P, END_P, get(CB), () => {
      for (const [i, a] of acc.entries()) emit(get(a), get(P), LOAD64_ZERO(8 * i), F64X2_PROMOTE_LOW, F64X2_ADD, set(a));
    });
    emit(get(MEAN), [IF, VOID]);
    for (const a of acc) emit(get(a), get(ROWS), [F64_CONVERT_I32_U], F64X2_SPLAT, F64X2_DIV, set(a));
    emit([END]);
    for (const [i, a] of acc.entries()) emit(get(OUT), get(J), [I32_ADD], get(a), F32X4_DEMOTE_ZERO, STORE64_LANE0(8 * i));
  });
  return {
    name: `sum${width}`,
    params: [I32, I32, I32, I32, I32],
    locals: [
      [4, I32],
      [acc.length, V128],
    ],
    body,
  };
}

export type SumFunction = (src: number, out: number, rows: number, cBytes: number, mean: number) => void;
export type SumFunctions = Record<'sum4' | 'sum8' | 'sum16', SumFunction>;

const module = heapModule<SumFunctions>(() => [sumFunction(4), sumFunction(8), sumFunction(16)]);

/** The sum functions working in this backend's heap, or null (see HeapModule.functions). */
export const sumFunctions = (b: BackendWasm): SumFunctions | null => module.forBackend(b);
