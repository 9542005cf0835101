/**
 * Element-wise float64 accumulation dst[i] += src[i] as a WebAssembly SIMD kernel (f64x2), for the
 * diversity curves' probability sums: every model's probabilities are copied once into the
 * kernel's memory, then each ensemble step is one call. Each element is still one float64 addition
 * in the same order of models, so the sums are bit-identical to the JavaScript loop. A second
 * function counts the examples whose label is the argmax of the sums (ties → lowest class index),
 * two classes per comparison — comparisons only, so the count equals the JavaScript check's.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64_LOAD,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_MUL,
  I32_SHL,
  I32_SHR_U,
  I32_STORE,
  LOOP,
  SIMD,
  V128,
  VOID,
  compile,
  emitter,
  ensureMemory,
  get,
  i32,
  instantiate,
  moduleOf,
  set,
  uleb,
  wasmEnabled,
  type WasmFunction,
  type WasmMemory,
} from './wasm-asm.js';

/**
 * addv(src, dst, bytes): dst += src in f64x2 lanes, `bytes` a multiple of 16. With `float32`, the
 * function is addf: src holds float32 numbers (bytes/2 of them), each pair widened exactly to
 * float64 (f64x2.promote_low_f32x4) before the addition — for rows whose values are all float32
 * numbers, as the store writes probabilities, the sums equal addv's bit for bit, from half the
 * memory traffic.
 */
function addFunction(float32: boolean): WasmFunction {
  const [SRC, DST, BYTES, P] = [0, 1, 2, 3];
  const { body, emit } = emitter();
  const load = [SIMD, ...uleb(0x00), 3, 0];
  const store = [SIMD, ...uleb(0x0b), 3, 0];
  // the source's next two values as f64x2: a v128 of doubles, or 8 bytes of floats widened
  const source = float32
    ? [get(SRC), get(P), i32(1), [I32_SHR_U, I32_ADD, SIMD, ...uleb(0x5d), 3, 0, SIMD, ...uleb(0x5f)]]
    : [get(SRC), get(P), [I32_ADD], load];
  emit(i32(0), set(P));
  emit([BLOCK, VOID, LOOP, VOID], get(P), get(BYTES), [I32_GE_U, BR_IF, 1]);
  emit(get(DST), get(P), [I32_ADD]);
  emit(get(DST), get(P), [I32_ADD], load, ...source, [SIMD, ...uleb(0xf0)], store);
  emit(get(P), i32(16), [I32_ADD], set(P), [BR, 0, END, END]);
  return { name: float32 ? 'addf' : 'addv', params: [I32, I32, I32], locals: [[1, I32]], body };
}

/** True when every value of every row is a float32 number (widening it back gives it unchanged). */
function allFloat32(rows: readonly Float64Array[]): boolean {
  for (const r of rows) for (let i = 0; i < r.length; i++) if (Math.fround(r[i]) !== r[i]) return false;
  return true;
}

/**
 * wins(labels, n, rowBytes, table, out, chunks): the number of rows x < n (rowBytes apart from
 * offset 0; chunks = ⌈K/2⌉ pairs of classes) whose label (i32 at labels + 4x) wins — every class
 * k < y below the label's sum, every k > y at most equal — stored as an i32 at `out`. `table`
 * holds, per label and chunk, two masks: lanes k < y (strictly below required), lanes k ≥ K (ignored).
 */
function winsFunction(): WasmFunction {
  const [LAB, N, ROWB, TAB, OUT, CH, X, BASE, TP, C, CNT, Y, V, OK, S] = Array.from({ length: 15 }, (_, i) => i);
  const { body, emit } = emitter();
  const simd = (op: number) => [SIMD, ...uleb(op)];
  const v128Load = (offset: number) => [SIMD, ...uleb(0x00), 3, ...uleb(offset)];
  emit(i32(0), set(X), i32(0), set(BASE), i32(0), set(CNT));
  emit([BLOCK, VOID, LOOP, VOID], get(X), get(N), [I32_GE_U, BR_IF, 1]);
  emit(get(LAB), get(X), i32(2), [I32_SHL, I32_ADD], I32_LOAD, set(Y));
  emit(get(BASE), get(Y), i32(3), [I32_SHL, I32_ADD, F64_LOAD, 3, 0], simd(0x14), set(V)); // f64x2.splat
  emit(get(TAB), get(Y), get(CH), i32(5), [I32_SHL, I32_MUL, I32_ADD], set(TP));
  emit(simd(0x0c), new Array<number>(16).fill(0xff), set(OK));
  emit(i32(0), set(C));
  emit([BLOCK, VOID, LOOP, VOID], get(C), get(CH), [I32_GE_U, BR_IF, 1]);
  emit(get(BASE), get(C), i32(4), [I32_SHL, I32_ADD], v128Load(0), set(S));
  // (k < y ? s < v : s ≤ v) | (k ≥ K), and-ed into OK
  emit(get(S), get(V), simd(0x49), get(S), get(V), simd(0x4b), get(TP), v128Load(0), simd(0x52)); // f64x2.lt, f64x2.le, v128.bitselect
  emit(get(TP), v128Load(16), simd(0x50), get(OK), simd(0x4e), set(OK)); // v128.or, v128.and
  emit(get(TP), i32(32), [I32_ADD], set(TP), get(C), i32(1), [I32_ADD], set(C), [BR, 0, END, END]);
  emit(get(CNT), get(OK), simd(0xc3), [I32_ADD], set(CNT)); // i64x2.all_true
  emit(get(X), i32(1), [I32_ADD], set(X), get(BASE), get(ROWB), [I32_ADD], set(BASE), [BR, 0, END, END]);
  emit(get(OUT), get(CNT), I32_STORE);
  return {
    name: 'wins',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [
      [6, I32],
      [3, V128],
    ],
    body,
  };
}

/** Per label y and chunk c: the mask of lanes k = 2c, 2c+1 below y, then of lanes k ≥ K. */
function winsTable(K: number): Uint8Array {
  const chunks = Math.ceil(K / 2);
  const t = new Uint8Array(K * chunks * 32);
  for (let y = 0; y < K; y++)
    for (let c = 0; c < chunks; c++)
      for (let lane = 0; lane < 2; lane++) {
        const k = 2 * c + lane;
        const at = (y * chunks + c) * 32 + lane * 8;
        if (k < y) t.fill(0xff, at, at + 8);
        if (k >= K) t.fill(0xff, at + 16, at + 24);
      }
  return t;
}

interface AddKernel {
  addv: (src: number, dst: number, bytes: number) => void;
  addf: (src: number, dst: number, bytes: number) => void;
  wins: (labels: number, n: number, rowBytes: number, table: number, out: number, chunks: number) => void;
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
  /** With labels: the number of examples whose label is the argmax of the sums (ties → lowest index). */
  labelWins: (() => number) | null;
}

/**
 * An accumulator over `rows` (all of one length) in WebAssembly memory, or null when WebAssembly
 * SIMD is unavailable or the copy would exceed MAX_BYTES.
 */
export function wasmRowAccumulator(rows: readonly Float64Array[], labeled?: { labels: ArrayLike<number>; numClasses: number }): RowAccumulator | null {
  if (!wasmEnabled() || rows.length === 0) return null;
  const len = rows[0].length;
  if (!rows.every((r) => r.length === len)) return null;
  const stride = ((len + 1) & ~1) * 8;
  // rows of float32 numbers are kept as float32: half the bytes read per addition
  const narrow = allFloat32(rows);
  const rowStride = narrow ? stride / 2 : stride;
  const N = labeled?.labels.length ?? 0;
  const K = labeled?.numClasses ?? 0;
  const withLabels = labeled !== undefined && N * K === len && N > 0;
  const labelsAt = stride + rowStride * rows.length;
  const table = withLabels ? winsTable(K) : new Uint8Array(0);
  const tableAt = (labelsAt + 4 * N + 15) & ~15;
  const outAt = tableAt + table.length;
  const bytes = withLabels ? outAt + 16 : labelsAt;
  if (bytes > MAX_BYTES) return null;
  if (!compiled) compiled = compile(moduleOf([addFunction(false), addFunction(true), winsFunction()]));
  if (!compiled) return null;
  const k = instantiate<AddKernel>(compiled);
  ensureMemory(k.memory, bytes);
  const buf = k.memory.buffer;
  rows.forEach((r, i) => (narrow ? new Float32Array(buf, stride + i * rowStride, len) : new Float64Array(buf, stride + i * rowStride, len)).set(r));
  let labelWins: (() => number) | null = null;
  if (withLabels) {
    new Int32Array(buf, labelsAt, N).set(labeled.labels);
    new Uint8Array(buf, tableAt, table.length).set(table);
    const chunks = Math.ceil(K / 2);
    const out = new Int32Array(buf, outAt, 1);
    labelWins = () => {
      k.wins(labelsAt, N, K * 8, tableAt, outAt, chunks);
      return out[0];
    };
  }
  return {
    sums: new Float64Array(buf, 0, len),
    add: narrow ? (r) => k.addf(stride + r * rowStride, 0, stride) : (r) => k.addv(stride + r * rowStride, 0, stride),
    labelWins,
  };
}
