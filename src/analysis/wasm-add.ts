/**
 * Element-wise float64 accumulation dst[i] += src[i] as a WebAssembly SIMD kernel (f64x2), for the
 * diversity curves' probability sums: every model's probabilities are copied once into the
 * kernel's memory, then each ensemble step is one call. Each element is still one float64 addition
 * in the same order of models, so the sums are bit-identical to the JavaScript loop.
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
  VOID,
  compile,
  ensureMemory,
  get,
  i32,
  instantiate,
  moduleBytes,
  set,
  uleb,
  wasmEnabled,
  type WasmMemory,
} from './wasm-asm.js';

/** addv(src, dst, bytes): f64x2 lanes, `bytes` a multiple of 16. */
function addModule(): Uint8Array {
  const [SRC, DST, BYTES, P] = [0, 1, 2, 3];
  const body: number[] = [];
  const emit = (...xs: number[][]) => {
    for (const x of xs) body.push(...x);
  };
  const load = [SIMD, ...uleb(0x00), 3, 0];
  const store = [SIMD, ...uleb(0x0b), 3, 0];
  emit(i32(0), set(P));
  emit([BLOCK, VOID, LOOP, VOID], get(P), get(BYTES), [I32_GE_U, BR_IF, 1]);
  emit(get(DST), get(P), [I32_ADD]);
  emit(get(DST), get(P), [I32_ADD], load, get(SRC), get(P), [I32_ADD], load, [SIMD, ...uleb(0xf0)], store);
  emit(get(P), i32(16), [I32_ADD], set(P), [BR, 0, END, END]);
  return moduleBytes('addv', [I32, I32, I32], [[1, I32]], body);
}

interface AddKernel {
  addv: (src: number, dst: number, bytes: number) => void;
  memory: WasmMemory;
}

let compiled: object | null = null;

/** Largest copy of the probabilities the kernel takes (bytes); beyond it the JavaScript loop runs. */
const MAX_BYTES = 1 << 28;

/** Sums of rows (each of length `length`) into one accumulator, in a kernel instance of their own. */
export interface RowAccumulator {
  /** The accumulator (a view of the kernel's memory; `length` entries). */
  readonly sums: Float64Array;
  /** sums += row r. */
  add(r: number): void;
}

/**
 * An accumulator over `rows` (all of one length) in WebAssembly memory, or null when WebAssembly
 * SIMD is unavailable or the copy would exceed MAX_BYTES.
 */
export function wasmRowAccumulator(rows: readonly Float64Array[]): RowAccumulator | null {
  if (!wasmEnabled() || rows.length === 0) return null;
  const len = rows[0].length;
  if (!rows.every((r) => r.length === len)) return null;
  const stride = ((len + 1) & ~1) * 8;
  const bytes = stride * (rows.length + 1);
  if (bytes > MAX_BYTES) return null;
  if (!compiled) compiled = compile(addModule());
  if (!compiled) return null;
  const k = instantiate<AddKernel>(compiled);
  ensureMemory(k.memory, bytes);
  const buf = k.memory.buffer;
  rows.forEach((r, i) => new Float64Array(buf, (i + 1) * stride, len).set(r));
  return {
    sums: new Float64Array(buf, 0, len),
    add: (r) => k.addv((r + 1) * stride, 0, stride),
  };
}
