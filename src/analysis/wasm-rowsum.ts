/**
 * Weighted sums of selected rows, out = Σ_k w[rows[k]] · Z[rows[k]], as a WebAssembly SIMD kernel
 * (f64x2): for the dyadic bootstrap (pair-bootstrap.ts), whose Gram matrix and Xᵀy of a resample
 * are such a sum over the drawn pairs of each pair's products x_i·x_j and x_i·y. Z is copied once
 * into the kernel's memory; a resample writes its weights and active rows into the kernel's
 * buffers and makes one call. Each element is one multiplication and one addition per row, rows
 * in order, in both the kernel and its JavaScript fallback: the same sums bit for bit. With pairs,
 * a second function makes the weights themselves: w_r = mult[a_r]·mult[b_r] (integers).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64_CONVERT_I32_S,
  F64_LOAD,
  F64_STORE,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_MUL,
  I32_SHL,
  I32_STORE,
  IF,
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

/** rowsum(z, rowBytes, rows, count, w, out): out (rowBytes, a multiple of 16) += w[r]·z[r] for r = rows[0..count), i32 rows and f64 w. */
function rowsumFunction(): WasmFunction {
  const [Z, ROWB, ROWS, COUNT, W, OUT, K, ZR, C, WV] = Array.from({ length: 10 }, (_, i) => i);
  const { body, emit } = emitter();
  const load = [SIMD, ...uleb(0x00), 3, 0];
  const store = [SIMD, ...uleb(0x0b), 3, 0];
  emit(i32(0), set(K));
  emit([BLOCK, VOID, LOOP, VOID], get(K), get(COUNT), [I32_GE_U, BR_IF, 1]);
  // r = rows[k]; wv = splat(w[r]); zr = z + r·rowBytes
  emit(get(ROWS), get(K), i32(2), [I32_SHL, I32_ADD], I32_LOAD, set(ZR));
  emit(get(W), get(ZR), i32(3), [I32_SHL, I32_ADD, F64_LOAD, 3, 0, SIMD, ...uleb(0x14)], set(WV));
  emit(get(ZR), get(ROWB), [I32_MUL], get(Z), [I32_ADD], set(ZR));
  emit(i32(0), set(C));
  emit([BLOCK, VOID, LOOP, VOID], get(C), get(ROWB), [I32_GE_U, BR_IF, 1]);
  emit(get(OUT), get(C), [I32_ADD]);
  emit(get(OUT), get(C), [I32_ADD], load, get(WV), get(ZR), get(C), [I32_ADD], load, [SIMD, ...uleb(0xf2), SIMD, ...uleb(0xf0)], store);
  emit(get(C), i32(16), [I32_ADD], set(C), [BR, 0, END, END]);
  emit(get(K), i32(1), [I32_ADD], set(K), [BR, 0, END, END]);
  return {
    name: 'rowsum',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [
      [3, I32],
      [1, V128],
    ],
    body,
  };
}

/**
 * dyad(pa, pb, mult, n, w, rows, out): for r < n, w[r] = mult[pa[r]]·mult[pb[r]] (i32 inputs, f64
 * w); the rows with w ≠ 0 go, ascending, to rows[0..count); out (i32) = count, out + 4 = Σ w (i32).
 */
function dyadFunction(): WasmFunction {
  const [PA, PB, MULT, N, W, ROWS, OUT, R, K, CNT, TOT] = Array.from({ length: 11 }, (_, i) => i);
  const { body, emit } = emitter();
  const at = (base: number, index: number, shift: number) => [...get(base), ...get(index), ...i32(shift), I32_SHL, I32_ADD];
  emit(i32(0), set(R), i32(0), set(CNT), i32(0), set(TOT));
  emit([BLOCK, VOID, LOOP, VOID], get(R), get(N), [I32_GE_U, BR_IF, 1]);
  // k = mult[pa[r]] · mult[pb[r]]
  emit(get(MULT), at(PA, R, 2), I32_LOAD, i32(2), [I32_SHL, I32_ADD], I32_LOAD);
  emit(get(MULT), at(PB, R, 2), I32_LOAD, i32(2), [I32_SHL, I32_ADD], I32_LOAD, [I32_MUL], set(K));
  emit(at(W, R, 3), get(K), [F64_CONVERT_I32_S, F64_STORE, 3, 0]);
  emit(get(TOT), get(K), [I32_ADD], set(TOT));
  emit(get(K), [IF, VOID], at(ROWS, CNT, 2), get(R), I32_STORE, get(CNT), i32(1), [I32_ADD], set(CNT), [END]);
  emit(get(R), i32(1), [I32_ADD], set(R), [BR, 0, END, END]);
  emit(get(OUT), get(CNT), I32_STORE, get(OUT), i32(4), [I32_ADD], get(TOT), I32_STORE);
  return { name: 'dyad', params: [I32, I32, I32, I32, I32, I32, I32], locals: [[4, I32]], body };
}

interface RowsumKernel {
  rowsum: (z: number, rowBytes: number, rows: number, count: number, w: number, out: number) => void;
  dyad: (pa: number, pb: number, mult: number, n: number, w: number, rows: number, out: number) => void;
  memory: WasmMemory;
}

let compiled: object | null = null;

/** Largest Z the kernel takes (bytes); beyond it the JavaScript loop runs. */
const MAX_BYTES = 1 << 28;

/** Weighted sums of rows of a fixed n × width matrix. */
export interface RowSummer {
  /** Weight of each row (n), written by the caller (or by weigh()). */
  readonly w: Float64Array;
  /** The rows to sum, first `count` entries, written by the caller (or by weigh()). */
  readonly rows: Int32Array;
  /** Σ_k w[rows[k]]·Z[rows[k]] over k < count (width entries; a view, overwritten by the next call). */
  sum(count: number): Float64Array;
}

/** A RowSummer whose rows are pairs (a_r, b_r) of models, weighted by the models' multiplicities. */
export interface PairSummer extends RowSummer {
  /** Multiplicity of each model, written by the caller. */
  readonly mult: Int32Array;
  /** w_r = mult[a_r]·mult[b_r] and the rows with w ≠ 0 (ascending); returns their number and Σ w. */
  weigh(): { count: number; total: number };
}

/** A summer over Z (n rows of `width`, row-major), in WebAssembly where SIMD is available. */
export function rowSummer(z: Float64Array, n: number, width: number): RowSummer {
  return build(z, n, width, null);
}

/** rowSummer over pair rows: row r is the pair (a[r], b[r]) of models < `models`. */
export function pairSummer(z: Float64Array, n: number, width: number, a: Int32Array, b: Int32Array, models: number): PairSummer {
  return build(z, n, width, { a, b, models }) as PairSummer;
}

function build(z: Float64Array, n: number, width: number, pairs: { a: Int32Array; b: Int32Array; models: number } | null): RowSummer | PairSummer {
  const stride = (width + 1) & ~1;
  const zBytes = n * stride * 8;
  const M = pairs?.models ?? 0;
  const up16 = (b: number) => (b + 15) & ~15;
  const pOut = 0,
    pW = stride * 8,
    pRows = pW + n * 8,
    pA = up16(pRows + n * 4),
    pB = pA + (pairs ? n * 4 : 0),
    pMult = pB + (pairs ? n * 4 : 0),
    pRes = pMult + M * 4,
    pZ = up16(pRes + 8);
  if (wasmEnabled() && pZ + zBytes <= MAX_BYTES) {
    if (!compiled) compiled = compile(moduleOf([rowsumFunction(), dyadFunction()]));
    if (compiled) {
      const k = instantiate<RowsumKernel>(compiled);
      ensureMemory(k.memory, pZ + zBytes);
      const buf = k.memory.buffer;
      const zz = new Float64Array(buf, pZ, n * stride);
      for (let r = 0; r < n; r++) zz.set(z.subarray(r * width, (r + 1) * width), r * stride);
      const out = new Float64Array(buf, pOut, stride);
      const view = out.subarray(0, width);
      const summer: RowSummer = {
        w: new Float64Array(buf, pW, n),
        rows: new Int32Array(buf, pRows, n),
        sum: (count) => {
          out.fill(0);
          k.rowsum(pZ, stride * 8, pRows, count, pW, pOut);
          return view;
        },
      };
      if (!pairs) return summer;
      new Int32Array(buf, pA, n).set(pairs.a);
      new Int32Array(buf, pB, n).set(pairs.b);
      const res = new Int32Array(buf, pRes, 2);
      return {
        ...summer,
        mult: new Int32Array(buf, pMult, M),
        weigh: () => {
          k.dyad(pA, pB, pMult, n, pW, pRows, pRes);
          return { count: res[0], total: res[1] };
        },
      };
    }
  }
  const w = new Float64Array(n),
    rows = new Int32Array(n),
    out = new Float64Array(width);
  const summer: RowSummer = {
    w,
    rows,
    sum: (count) => {
      out.fill(0);
      for (let k = 0; k < count; k++) {
        const r = rows[k];
        const wr = w[r];
        const o = r * width;
        for (let c = 0; c < width; c++) out[c] += wr * z[o + c];
      }
      return out;
    },
  };
  if (!pairs) return summer;
  const { a, b } = pairs;
  const mult = new Int32Array(M);
  return {
    ...summer,
    mult,
    weigh: () => {
      let count = 0,
        total = 0;
      for (let r = 0; r < n; r++) {
        const v = mult[a[r]] * mult[b[r]];
        w[r] = v;
        total += v;
        if (v) rows[count++] = r;
      }
      return { count, total };
    },
  };
}
