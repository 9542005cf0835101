/**
 * The 2×2 stride-2 MaxPool gradient of max-pool-grad.ts (`pool2x2`) as a WebAssembly SIMD
 * function in the tfjs wasm backend's heap, four channels at a time: per lane, the first maximum
 * of the window's four taps (row-major; a NaN or −∞ first tap is skipped, as `v > best` never
 * holds for NaN) gets dy, the other taps 0. The windows do not overlap, so every position is
 * written once. `(dy & mask) + 0` gives what the JavaScript `0 + dy` gives, −0 included, so the
 * two formulations agree bit for bit (test/worker/max-pool-grad-simd.test.ts). Measured on the
 * default CNN's pools: 3.0 + 1.7 ms → 0.5 + 0.3 ms per training step (`scripts/profile-kernels.ts`).
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
  F32X4_GT = simd(0x44),
  I32X4_EQ = simd(0x37),
  I32X4_SPLAT = simd(0x11),
  F32X4_SPLAT = simd(0x13),
  F32X4_ADD = simd(0xe4),
  AND = simd(0x4e),
  BITSELECT = simd(0x52);
const f32 = (v: number): number[] => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];

/**
 * row(x, dy, dx, ow, chBytes, rowBytes): one row of `ow` windows; x and dx point at the window
 * row's first tap, dy at its first output; chBytes (channels × 4, a multiple of 16) apart in a
 * pixel, rowBytes (width × channels × 4) between the window's two rows.
 */
function rowFunction(): WasmFunction {
  const [X, DY, DX, OW, CHB, ROWB] = [0, 1, 2, 3, 4, 5];
  const [Q, D, PX, PY, A, B] = [6, 7, 8, 9, 10, 11];
  const [NEGINF, ZERO, BEST, AT, V, C, G] = [12, 13, 14, 15, 16, 17, 18];
  const K = [19, 20, 21, 22]; // i32x4 splats of the tap indices 0..3
  const { body, emit } = emitter();
  emit(f32(Number.NEGATIVE_INFINITY), F32X4_SPLAT, set(NEGINF));
  emit(i32(0), I32X4_SPLAT, set(ZERO));
  for (let t = 0; t < 4; t++) emit(i32(t), I32X4_SPLAT, set(K[t]));
  emit(i32(0), set(Q), i32(0), set(PX), i32(0), set(PY));
  emit([BLOCK, VOID, LOOP, VOID], get(Q), get(OW), [I32_GE_U, BR_IF, 1]);
  emit(i32(0), set(D));
  emit([BLOCK, VOID, LOOP, VOID], get(D), get(CHB), [I32_GE_U, BR_IF, 1]);
  // A: this lane group's first tap in x; B: the same place in dx
  emit(get(X), get(PX), [I32_ADD], get(D), [I32_ADD], set(A));
  emit(get(DX), get(PX), [I32_ADD], get(D), [I32_ADD], set(B));
  // first tap: counts only if > −∞ (not NaN, not −∞)
  emit(get(A), LOAD, set(BEST));
  emit(get(BEST), get(NEGINF), F32X4_GT, set(C));
  emit(get(BEST), get(NEGINF), get(C), BITSELECT, set(BEST));
  emit(get(ZERO), i32(-1), I32X4_SPLAT, get(C), BITSELECT, set(AT));
  const tap = (t: number, offset: number[][], last: boolean): void => {
    emit(get(A), ...offset, LOAD, set(V));
    emit(get(V), get(BEST), F32X4_GT, set(C));
    if (!last) emit(get(V), get(BEST), get(C), BITSELECT, set(BEST));
    emit(get(K[t]), get(AT), get(C), BITSELECT, set(AT));
  };
  tap(1, [get(CHB), [I32_ADD]], false);
  tap(2, [get(ROWB), [I32_ADD]], false);
  tap(3, [get(ROWB), [I32_ADD], get(CHB), [I32_ADD]], true);
  emit(get(DY), get(PY), [I32_ADD], get(D), [I32_ADD], LOAD, set(G));
  const put = (t: number, offset: number[][]): void => {
    emit(get(B), ...offset);
    emit(get(G), get(AT), get(K[t]), I32X4_EQ, AND, get(ZERO), F32X4_ADD, STORE);
  };
  put(0, []);
  put(1, [get(CHB), [I32_ADD]]);
  put(2, [get(ROWB), [I32_ADD]]);
  put(3, [get(ROWB), [I32_ADD], get(CHB), [I32_ADD]]);
  emit(get(D), i32(16), [I32_ADD], set(D), [BR, 0, END, END]);
  // next window: two pixels on in x and dx, one in dy
  emit(get(PX), get(CHB), [I32_ADD], get(CHB), [I32_ADD], set(PX));
  emit(get(PY), get(CHB), [I32_ADD], set(PY));
  emit(get(Q), i32(1), [I32_ADD], set(Q), [BR, 0, END, END]);
  return {
    name: 'row',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [
      [6, I32],
      [11, V128],
    ],
    body,
  };
}

type Row = (x: number, dy: number, dx: number, ow: number, chBytes: number, rowBytes: number) => void;

let compiled: object | null | undefined;
const instances = new WeakMap<object, Row>();

/** The row function bound to `memory` (the tfjs wasm backend's WebAssembly.Memory), or null without SIMD. */
export function poolRowFunction(memory: object): Row | null {
  if (compiled === undefined) compiled = compile(moduleOf([rowFunction()], { importMemory: true }));
  if (compiled === null) return null;
  let row = instances.get(memory);
  if (row === undefined) {
    row = instantiate<{ row: Row }>(compiled, { env: { memory } }).row;
    instances.set(memory, row);
  }
  return row;
}

/** Forgets the compiled module (tests that turn WebAssembly off with setWasmEnabled). */
export function resetPoolRowFunction(): void {
  compiled = undefined;
}
