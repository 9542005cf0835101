/**
 * A minimal WebAssembly assembler for the analysis kernels (wasm-gram.ts, agreement-batch.ts):
 * LEB128 encoders, the opcodes they use and a one-function module with its own memory. The kernels
 * are written as instruction lists in TypeScript, so nothing is fetched or built at install time.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 (i32 range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// value types
export const I32 = 0x7f,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b;
// control
export const BLOCK = 0x02,
  LOOP = 0x03,
  IF = 0x04,
  END = 0x0b,
  BR = 0x0c,
  BR_IF = 0x0d,
  VOID = 0x40,
  SELECT = 0x1b;
// memory: opcode, log2 alignment, offset 0
export const I32_LOAD = [0x28, 2, 0],
  I32_STORE = [0x36, 2, 0],
  I32_LOAD8_U = [0x2d, 0, 0],
  I32_LOAD16_U = [0x2f, 1, 0],
  I32_STORE16 = [0x3b, 1, 0];
export const F64_LOAD = 0x2b,
  F64_STORE = 0x39;
// numeric
export const I32_EQZ = 0x45,
  I32_EQ = 0x46,
  I32_NE = 0x47,
  I32_LT_U = 0x49,
  I32_GT_U = 0x4b,
  I32_GT_S = 0x4a,
  I32_SUB = 0x6b,
  I32_AND = 0x71,
  I32_OR = 0x72,
  I32_GE_U = 0x4f,
  I32_ADD = 0x6a,
  I32_MUL = 0x6c,
  I32_SHL = 0x74,
  I32_SHR_U = 0x76;
export const F64_NE = 0x62,
  F64_FLOOR = 0x9c,
  F64_ADD = 0xa0,
  F64_SUB = 0xa1,
  F64_CONVERT_I32_S = 0xb7,
  F64_MUL = 0xa2;
export const SIMD = 0xfd;

export const get = (l: number): number[] => [0x20, ...uleb(l)];
export const set = (l: number): number[] => [0x21, ...uleb(l)];
export const i32 = (v: number): number[] => [0x41, ...sleb(v)];
export const f64 = (v: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];

/** A SIMD instruction (0xfd prefix, LEB128 opcode). */
export const simd = (op: number): number[] => [SIMD, ...uleb(op)];
/** v128.load / v128.store with a 4-byte alignment hint and offset 0 (float32 data at any float offset). */
export const V128_LOAD4 = [SIMD, ...uleb(0x00), 2, 0],
  V128_STORE4 = [SIMD, ...uleb(0x0b), 2, 0];
export const f32 = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
/** float32 and mask lanes (the training kernels in src/worker/kernels/*-wasm.ts). */
export const F32X4 = {
  splat: simd(0x13),
  gt: simd(0x44),
  ne: simd(0x42),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  sqrt: simd(0xe3),
} as const;
export const I32X4_SPLAT = simd(0x11),
  I32X4_EQ = simd(0x37),
  V128_AND = simd(0x4e),
  V128_BITSELECT = simd(0x52);

/**
 * `for (; local i < local end; i += step) body()`: the loop as a block around a loop, `step` a
 * constant or a local's value (as `get(l)`). `i` is not initialised here.
 */
export function forLoop(emit: (...xs: number[][]) => void, i: number, end: number, step: number | number[], body: () => void): void {
  emit([BLOCK, VOID, LOOP, VOID], get(i), get(end), [I32_GE_U, BR_IF, 1]);
  body();
  emit(get(i), typeof step === 'number' ? i32(step) : step, [I32_ADD], set(i), [BR, 0, END, END]);
}

/** An instruction buffer and `emit`, which appends instruction lists to it in order. */
export function emitter(): { body: number[]; emit: (...xs: number[][]) => void } {
  const body: number[] = [];
  return {
    body,
    emit: (...xs) => {
      for (const x of xs) body.push(...x);
    },
  };
}

/** One exported function of a module: params (no results), locals as [count, type] runs, body. */
export interface WasmFunction {
  name: string;
  params: number[];
  locals: [number, number][];
  body: number[];
}

/** A module exporting one function `name` and its memory ("memory", one page to start). */
export function moduleBytes(fn: string, params: number[], locals: [number, number][], body: number[]): Uint8Array {
  return moduleOf([{ name: fn, params, locals, body }]);
}

/**
 * A module exporting the functions (function i has type i) and one memory ("memory", one page to
 * start) — or, with `importMemory`, working in a memory it imports as env.memory (another
 * module's, e.g. the tfjs wasm backend's heap; see `instantiate`'s imports).
 */
export function moduleOf(fns: readonly WasmFunction[], options: { importMemory?: boolean } = {}): Uint8Array {
  const codes = fns.map((f) => [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body, END]);
  const exports = fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  // the memory: imported (env.memory, at least 0 pages) before the functions, or defined after them and exported
  const imports = options.importMemory ? section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(0)]])) : [];
  const memory = options.importMemory ? [] : section(5, vec([[0x00, ...uleb(1)]]));
  if (!options.importMemory) exports.push([...name('memory'), 0x02, ...uleb(0)]);
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec([])]))),
    ...imports,
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...memory,
    ...section(7, vec(exports)),
    ...section(10, vec(codes.map((c) => [...uleb(c.length), ...c]))),
  ]);
}

/** The part of the WebAssembly API used here (the compiler's lib has no DOM/WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

let enabled = true;

/** Turns the WebAssembly kernels off (tests of the JavaScript fallbacks) or back on. */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** False after setWasmEnabled(false). */
export function wasmEnabled(): boolean {
  return enabled;
}

/** A compiled module, or null when WebAssembly (or a feature the bytes use, e.g. SIMD) is unavailable or turned off. */
export function compile(bytes: Uint8Array): object | null {
  if (!enabled) return null;
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}

/** A fresh instance of a compiled module: its own memory, or `imports.env.memory` for a module built with importMemory. */
export function instantiate<T>(module: object, imports: object = {}): T {
  return new WebAssembly.Instance(module, imports).exports as T;
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
