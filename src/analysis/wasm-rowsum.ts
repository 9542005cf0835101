/**
 * Weighted sums of selected rows, out = Σ_k w[rows[k]] · Z[rows[k]], as a WebAssembly SIMD kernel
 * (f64x2): for the dyadic bootstrap (pair-bootstrap.ts), whose Gram matrix and Xᵀy of a resample
 * are such a sum over the drawn pairs of each pair's products x_i·x_j and x_i·y. Z is copied once
 * into the kernel's memory; a resample writes its weights and active rows into the kernel's
 * buffers and makes one call. Each element is one multiplication and one addition per row, rows
 * in order, in both the kernel and its JavaScript fallback: the same sums bit for bit.
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
  LOOP,
  SIMD,
  V128,
  VOID,
  compile,
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
  const body: number[] = [];
  const emit = (...xs: number[][]) => {
    for (const x of xs) body.push(...x);
  };
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

interface RowsumKernel {
  rowsum: (z: number, rowBytes: number, rows: number, count: number, w: number, out: number) => void;
  memory: WasmMemory;
}

let compiled: object | null = null;

/** Largest Z the kernel takes (bytes); beyond it the JavaScript loop runs. */
const MAX_BYTES = 1 << 28;

/** Weighted sums of rows of a fixed n × width matrix. */
export interface RowSummer {
  /** Weight of each row (n), written by the caller. */
  readonly w: Float64Array;
  /** The rows to sum, first `count` entries, written by the caller. */
  readonly rows: Int32Array;
  /** Σ_k w[rows[k]]·Z[rows[k]] over k < count (width entries; a view, overwritten by the next call). */
  sum(count: number): Float64Array;
}

/** A summer over Z (n rows of `width`, row-major), in WebAssembly where SIMD is available. */
export function rowSummer(z: Float64Array, n: number, width: number): RowSummer {
  const stride = (width + 1) & ~1;
  const zBytes = n * stride * 8;
  if (wasmEnabled() && zBytes + n * 12 + stride * 8 <= MAX_BYTES) {
    if (!compiled) compiled = compile(moduleOf([rowsumFunction()]));
    if (compiled) {
      const k = instantiate<RowsumKernel>(compiled);
      const pOut = 0,
        pW = stride * 8,
        pRows = pW + n * 8,
        pZ = (pRows + n * 4 + 15) & ~15;
      ensureMemory(k.memory, pZ + zBytes);
      const buf = k.memory.buffer;
      const zz = new Float64Array(buf, pZ, n * stride);
      for (let r = 0; r < n; r++) zz.set(z.subarray(r * width, (r + 1) * width), r * stride);
      const out = new Float64Array(buf, pOut, stride);
      const view = out.subarray(0, width);
      return {
        w: new Float64Array(buf, pW, n),
        rows: new Int32Array(buf, pRows, n),
        sum: (count) => {
          out.fill(0);
          k.rowsum(pZ, stride * 8, pRows, count, pW, pOut);
          return view;
        },
      };
    }
  }
  const w = new Float64Array(n),
    rows = new Int32Array(n),
    out = new Float64Array(width);
  return {
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
}
