/**
 * The 2×2 stride-2 MaxPool gradient of max-pool-grad.ts (`pool2x2`) as a WebAssembly SIMD
 * function in the tfjs wasm backend's heap, four channels at a time: per lane, the first maximum
 * of the window's four taps (row-major; a NaN or −∞ first tap is skipped, as `v > best` never
 * holds for NaN) gets dy, the other taps 0. The windows do not overlap, so every position is
 * written once. `(dy & mask) + 0` gives what the JavaScript `0 + dy` gives, −0 included, so the
 * two formulations agree bit for bit (test/worker/max-pool-grad-simd.test.ts). Measured on the
 * default CNN's pools: 3.0 + 1.7 ms → 0.5 + 0.3 ms per training step (`scripts/profile-kernels.ts`).
 */
import { F32X4, I32, I32_ADD, I32X4_EQ, I32X4_SPLAT, V128, emitter, f32, forLoop, get, i32, set, type WasmFunction } from '../../analysis/wasm-asm.js';
import { V128_AND as AND, V128_BITSELECT as BITSELECT, V128_LOAD4 as LOAD, V128_STORE4 as STORE } from '../../analysis/wasm-asm.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapModule } from './heap.js';

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
  emit(f32(Number.NEGATIVE_INFINITY), F32X4.splat, set(NEGINF));
  emit(i32(0), I32X4_SPLAT, set(ZERO));
  for (let t = 0; t < 4; t++) emit(i32(t), I32X4_SPLAT, set(K[t]));
  emit(i32(0), set(Q), i32(0), set(PX), i32(0), set(PY));
  forLoop(emit, Q, OW, 1, () => {
    emit(i32(0), set(D));
    forLoop(emit, D, CHB, 16, () => {
      // A: this lane group's first tap in x; B: the same place in dx
      emit(get(X), get(PX), [I32_ADD], get(D), [I32_ADD], set(A));
      emit(get(DX), get(PX), [I32_ADD], get(D), [I32_ADD], set(B));
      // first tap: counts only if > −∞ (not NaN, not −∞)
      emit(get(A), LOAD, set(BEST));
      emit(get(BEST), get(NEGINF), F32X4.gt, set(C));
      emit(get(BEST), get(NEGINF), get(C), BITSELECT, set(BEST));
      emit(get(ZERO), i32(-1), I32X4_SPLAT, get(C), BITSELECT, set(AT));
      const tap = (t: number, offset: number[][], last: boolean): void => {
        emit(get(A), ...offset, LOAD, set(V));
        emit(get(V), get(BEST), F32X4.gt, set(C));
        if (!last) emit(get(V), get(BEST), get(C), BITSELECT, set(BEST));
        emit(get(K[t]), get(AT), get(C), BITSELECT, set(AT));
      };
      tap(1, [get(CHB), [I32_ADD]], false);
      tap(2, [get(ROWB), [I32_ADD]], false);
      tap(3, [get(ROWB), [I32_ADD], get(CHB), [I32_ADD]], true);
      emit(get(DY), get(PY), [I32_ADD], get(D), [I32_ADD], LOAD, set(G));
      const put = (t: number, offset: number[][]): void => {
        emit(get(B), ...offset);
        emit(get(G), get(AT), get(K[t]), I32X4_EQ, AND, get(ZERO), F32X4.add, STORE);
      };
      put(0, []);
      put(1, [get(CHB), [I32_ADD]]);
      put(2, [get(ROWB), [I32_ADD]]);
      put(3, [get(ROWB), [I32_ADD], get(CHB), [I32_ADD]]);
    });
    // next window: two pixels on in x and dx, one in dy
    emit(get(PX), get(CHB), [I32_ADD], get(CHB), [I32_ADD], set(PX));
    emit(get(PY), get(CHB), [I32_ADD], set(PY));
  });
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

const module = heapModule<{ row: Row }>(() => [rowFunction()]);

/** The row function working in this backend's heap, or null (see HeapModule.functions). */
export const poolRowFunction = (b: BackendWasm): Row | null => module.forBackend(b)?.row ?? null;
