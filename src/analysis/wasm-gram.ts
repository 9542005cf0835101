/**
 * The Gram matrix G = P Pᵀ of M rows of float64 (probabilistic CAPA's overlap, capa.ts) as a
 * WebAssembly SIMD kernel: f64x2 lanes, a 4 × 2 register tile of model pairs, rows copied block by
 * block into the module's memory so every model's block stays in cache. In float64 throughout —
 * the sums differ from a scalar loop only in rounding (even and odd positions are summed in two
 * lanes, then added). The module (a few hundred bytes) is assembled here from its instructions, so
 * nothing is fetched or built; where WebAssembly SIMD is unavailable, `wasmGram` returns null and
 * the caller keeps its JavaScript loop.
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64_ADD,
  F64_LOAD,
  F64_STORE,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_MUL,
  LOOP,
  SIMD,
  V128,
  VOID,
  compile,
  emitter,
  ensureMemory,
  wasmEnabled,
  get,
  i32,
  instantiate,
  moduleBytes,
  set,
  uleb,
  type WasmMemory,
} from './wasm-asm.js';

const v128Load = (offset = 0) => [SIMD, ...uleb(0x00), 3, ...uleb(offset)];
const v128Zero = [SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const f64x2Add = [SIMD, ...uleb(0xf0)];
const f64x2Mul = [SIMD, ...uleb(0xf2)];
const extractLane = (lane: number) => [SIMD, ...uleb(0x21), lane];

/**
 * gram(n, stride, len, out): for i = 0, 4, … < n and j = i, i+2, … < n, adds to the f64 at
 * out + 8·((i+p)·n + j+q) (p < 4, q < 2) the dot product of rows i+p and j+q, rows being `len`
 * bytes (a multiple of 16) at byte offset row·stride. n is a multiple of 4.
 */
function gramModule(): Uint8Array {
  // params 0 n, 1 stride, 2 len, 3 out; locals 4 i, 5 j, 6..9 pa0..pa3, 10 pb0, 11 pb1, 12 end,
  // 13 rowI (i·stride), v128 14..21 acc[p][q], 22 b0, 23 b1, 24 a
  const [N, STRIDE, LEN, OUT, I, J, PA, PB0, PB1, ENDP, ROWI, ACC, B0, B1, A] = [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 22, 23, 24];
  const { body, emit } = emitter();
  emit(i32(0), set(I));
  emit([BLOCK, VOID, LOOP, VOID]); // i loop
  emit(get(I), get(N), [I32_GE_U, BR_IF, 1]);
  emit(get(I), get(STRIDE), [I32_MUL], set(ROWI));
  emit(get(I), set(J));
  emit([BLOCK, VOID, LOOP, VOID]); // j loop
  emit(get(J), get(N), [I32_GE_U, BR_IF, 1]);
  emit(get(ROWI), set(PA));
  for (let p = 1; p < 4; p++) emit(get(PA + p - 1), get(STRIDE), [I32_ADD], set(PA + p));
  emit(get(J), get(STRIDE), [I32_MUL], set(PB0));
  emit(get(PB0), get(STRIDE), [I32_ADD], set(PB1));
  emit(get(PA), get(LEN), [I32_ADD], set(ENDP));
  for (let a = 0; a < 8; a++) emit(v128Zero, set(ACC + a));
  emit([BLOCK, VOID, LOOP, VOID]); // t loop
  emit(get(PA), get(ENDP), [I32_GE_U, BR_IF, 1]);
  emit(get(PB0), v128Load(), set(B0));
  emit(get(PB1), v128Load(), set(B1));
  for (let p = 0; p < 4; p++) {
    emit(get(PA + p), v128Load(), set(A));
    for (let q = 0; q < 2; q++) emit(get(ACC + 2 * p + q), get(A), get(q ? B1 : B0), f64x2Mul, f64x2Add, set(ACC + 2 * p + q));
  }
  for (const l of [PA, PA + 1, PA + 2, PA + 3, PB0, PB1]) emit(get(l), i32(16), [I32_ADD], set(l));
  emit([BR, 0, END, END]); // t loop
  // out[(i+p)·n + j+q] += lane 0 + lane 1
  for (let p = 0; p < 4; p++) {
    for (let q = 0; q < 2; q++) {
      // address: out + 8·((i+p)·n + j + q)
      const addr = () => emit(get(I), i32(p), [I32_ADD], get(N), [I32_MUL], get(J), [I32_ADD], i32(q), [I32_ADD], i32(8), [I32_MUL], get(OUT), [I32_ADD]);
      addr();
      addr();
      emit([F64_LOAD, 3, 0], get(ACC + 2 * p + q), extractLane(0), [F64_ADD], get(ACC + 2 * p + q), extractLane(1), [F64_ADD], [F64_STORE, 3, 0]);
    }
  }
  emit(get(J), i32(2), [I32_ADD], set(J));
  emit([BR, 0, END, END]); // j loop
  emit(get(I), i32(4), [I32_ADD], set(I));
  emit([BR, 0, END, END]); // i loop
  return moduleBytes(
    'gram',
    [I32, I32, I32, I32],
    [
      [10, I32],
      [11, V128],
    ],
    body,
  );
}

interface GramKernel {
  gram: (n: number, stride: number, len: number, out: number) => void;
  memory: WasmMemory;
}

let kernel: GramKernel | null = null;

function loadKernel(): GramKernel | null {
  if (!kernel) {
    const module = compile(gramModule());
    if (!module) return null;
    kernel = instantiate<GramKernel>(module);
  }
  return wasmEnabled() ? kernel : null;
}

/** Bytes of one block of every model's rows (about the size of a core's L2 cache). */
const BLOCK_BYTES = 1 << 20;

/**
 * Sees each row's blocks while they are in cache (in order of `start` for a given row): blocks
 * hold whole records of `recordLength` values (e.g. one example's K probabilities).
 */
export interface GramVisit {
  recordLength: number;
  block: (row: number, start: number, values: Float64Array) => void;
}

/**
 * Σ_t rows[i][t]·rows[j][t] for all i, j (M × M, row-major, symmetric), or null when WebAssembly
 * SIMD is unavailable. All rows must have the same length.
 */
export function wasmGram(rows: readonly Float64Array[], visit?: GramVisit): Float64Array | null {
  const M = rows.length;
  const k = loadKernel();
  if (!k || M === 0) return M === 0 ? new Float64Array(0) : null;
  const total = rows[0].length;
  const n = (M + 3) & ~3;
  // block length in doubles: a multiple of 2 and of the visitor's record length
  const unit = visit ? (visit.recordLength % 2 ? 2 * visit.recordLength : visit.recordLength) : 2;
  const L = Math.max(unit, Math.floor(BLOCK_BYTES / 8 / n / unit) * unit);
  const dataBytes = n * L * 8;
  const outBytes = n * n * 8;
  const need = dataBytes + outBytes;
  ensureMemory(k.memory, need);
  const buf = k.memory.buffer;
  const data = new Float64Array(buf, 0, n * L);
  const out = new Float64Array(buf, dataBytes, n * n);
  data.fill(0);
  out.fill(0);
  for (let start = 0; start < total; start += L) {
    const len = Math.min(L, total - start);
    for (let m = 0; m < M; m++) {
      data.set(rows[m].subarray(start, start + len), m * L);
      if (len & 1) data[m * L + len] = 0;
      visit?.block(m, start, data.subarray(m * L, m * L + len));
    }
    k.gram(n, L * 8, ((len + 1) & ~1) * 8, dataBytes);
  }
  const g = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = i; j < M; j++) {
      const v = out[i * n + j];
      g[i * M + j] = v;
      g[j * M + i] = v;
    }
  }
  return g;
}
