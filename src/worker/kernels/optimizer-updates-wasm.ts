/**
 * The optimizer updates of optimizer-updates.ts as WebAssembly SIMD functions that work directly
 * in the tfjs wasm backend's heap (the module imports its memory), four float32 lanes at a time
 * plus a scalar tail. Each update is written once as a list of statements over the element's
 * inputs and emitted twice, as f32x4 and as f32 instructions; wasm's float32 arithmetic is IEEE's,
 * so the results equal the JavaScript loops (and tfjs's kernels) bit for bit.
 *
 * Built with the analysis kernels' assembler (analysis/wasm-asm.ts): nothing is fetched or built
 * at install time. Where SIMD is unavailable, `updateFunctions` returns null and the kernels use
 * their JavaScript loops.
 */
import { F32, F32X4, I32, I32_ADD, V128, V128_LOAD4, V128_STORE4, emitter, forLoop, get, i32, set, type WasmFunction } from '../../analysis/wasm-asm.js';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapModule } from './heap.js';

type Op = 'add' | 'sub' | 'mul' | 'div';
/** An element-wise expression: a load from pointer parameter `p` at the element, a float32 parameter, a temporary, an operation. */
type E = { load: number } | { param: number } | { tmp: number } | { op: Op; a: E; b: E } | { sqrt: E };
/** A statement: compute into a temporary, or store at pointer parameter `store` at the element. */
type S = { set: number; e: E } | { store: number; e: E };

const load = (p: number): E => ({ load: p });
const param = (p: number): E => ({ param: p });
const tmp = (t: number): E => ({ tmp: t });
const add = (a: E, b: E): E => ({ op: 'add', a, b });
const sub = (a: E, b: E): E => ({ op: 'sub', a, b });
const mul = (a: E, b: E): E => ({ op: 'mul', a, b });
const div = (a: E, b: E): E => ({ op: 'div', a, b });
const sqrt = (a: E): E => ({ sqrt: a });

/** The scalar float32 forms of the same instructions (the tail past the last multiple of 4). */
const SCALAR = { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, sqrt: 0x91, load: 0x2a, store: 0x38 };

/**
 * A function of `pointers` byte offsets, then two byte counts (the vector part, a multiple of 16,
 * and the whole), then `floats` float32 parameters; runs `program` for every element.
 */
function updateFunction(name: string, pointers: number, floats: number, temps: number, program: S[]): WasmFunction {
  const N4 = pointers,
    N = pointers + 1,
    F0 = pointers + 2;
  const I = F0 + floats,
    SPLAT0 = I + 1,
    VT0 = SPLAT0 + floats,
    ST0 = VT0 + temps;
  const { body, emit } = emitter();
  const expr = (e: E, v: boolean): void => {
    if ('load' in e) emit(get(e.load), get(I), [I32_ADD], v ? V128_LOAD4 : [SCALAR.load, 2, 0]);
    else if ('param' in e) emit(get(v ? SPLAT0 + e.param : F0 + e.param));
    else if ('tmp' in e) emit(get((v ? VT0 : ST0) + e.tmp));
    else if ('sqrt' in e) {
      expr(e.sqrt, v);
      emit(v ? F32X4.sqrt : [SCALAR.sqrt]);
    } else {
      expr(e.a, v);
      expr(e.b, v);
      emit(v ? F32X4[e.op] : [SCALAR[e.op]]);
    }
  };
  const loop = (end: number, step: number, v: boolean): void =>
    forLoop(emit, I, end, step, () => {
      for (const s of program) {
        if ('set' in s) {
          expr(s.e, v);
          emit(set((v ? VT0 : ST0) + s.set));
        } else {
          emit(get(s.store), get(I), [I32_ADD]);
          expr(s.e, v);
          emit(v ? V128_STORE4 : [SCALAR.store, 2, 0]);
        }
      }
    });
  emit(i32(0), set(I));
  for (let f = 0; f < floats; f++) emit(get(F0 + f), F32X4.splat, set(SPLAT0 + f));
  loop(N4, 16, true);
  loop(N, 4, false);
  return {
    name,
    params: [...Array<number>(pointers + 2).fill(I32), ...Array<number>(floats).fill(F32)],
    locals: [
      [1, I32],
      [floats + temps, V128],
      [temps, F32],
    ],
    body,
  };
}

// adam(m, v, g, w, m', v', w', n4, n; β1, 1−β1, β2, 1−β2, ε, −lr, 1−β1ᵗ, 1−β2ᵗ), tfjs's order:
// m' = m·β1 + g·(1−β1); v' = v·β2 + g²·(1−β2); w' = (m'/c1) / (√(v'/c2) + ε) · (−lr) + w
const ADAM = updateFunction('adam', 7, 8, 3, [
  { set: 0, e: load(2) },
  { set: 1, e: add(mul(load(0), param(0)), mul(tmp(0), param(1))) },
  { set: 2, e: add(mul(load(1), param(2)), mul(mul(tmp(0), tmp(0)), param(3))) },
  { store: 4, e: tmp(1) },
  { store: 5, e: tmp(2) },
  { store: 6, e: add(mul(div(div(tmp(1), param(6)), add(sqrt(div(tmp(2), param(7))), param(4))), param(5)), load(3)) },
]);
// rmsprop(ms, mom, g, w, ms', mom', w', n4, n; ρ, 1−ρ, μ, ε, lr):
// ms' = ms·ρ + g²·(1−ρ); mom' = mom·μ + g·lr / √(ms' + ε); w' = w − mom'
const RMSPROP = updateFunction('rmsprop', 7, 5, 3, [
  { set: 0, e: load(2) },
  { set: 1, e: add(mul(load(0), param(0)), mul(mul(tmp(0), tmp(0)), param(1))) },
  { set: 2, e: add(mul(load(1), param(2)), div(mul(tmp(0), param(4)), sqrt(add(tmp(1), param(3))))) },
  { store: 4, e: tmp(1) },
  { store: 5, e: tmp(2) },
  { store: 6, e: sub(load(3), tmp(2)) },
]);
// sgd(g, w, w', n4, n; −lr): w' = (−lr)·g + w
const SGD = updateFunction('sgd', 3, 1, 0, [{ store: 2, e: add(mul(param(0), load(0)), load(1)) }]);

export interface UpdateFunctions {
  adam(...args: number[]): void;
  rmsprop(...args: number[]): void;
  sgd(...args: number[]): void;
}

const module = heapModule<UpdateFunctions>(() => [ADAM, RMSPROP, SGD]);

/** The update functions working in this backend's heap, or null (see HeapModule.functions). */
export const updateFunctions = (b: BackendWasm): UpdateFunctions | null => module.forBackend(b);
