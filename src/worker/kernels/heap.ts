/**
 * WebAssembly kernels that work directly in the tfjs wasm backend's heap (optimizer-updates-wasm.ts,
 * max-pool-grad-wasm.ts, elementwise-wasm.ts, reduce-leading-wasm.ts): the backend's
 * WebAssembly.Memory, a tensor's byte offset in it, and a module that imports that memory as
 * env.memory — compiled once, instantiated once per memory.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { compile, instantiate, moduleOf, wasmEnabled, type WasmFunction } from '../../analysis/wasm-asm.js';
import type { Info } from './wasm-ops.js';

/** The backend's WebAssembly.Memory, or undefined where its build does not expose one. */
export function wasmMemory(b: BackendWasm): object | undefined {
  return (b.wasm as unknown as { asm?: { memory?: object } }).asm?.memory;
}

/** The byte offset of a tensor's data in the backend's heap. */
export function heapOffset(b: BackendWasm, info: Info): number {
  return (b.dataIdMap.get(info.dataId) as unknown as { memoryOffset: number }).memoryOffset;
}

export interface HeapModule<T> {
  /**
   * The exports bound to `memory`, or null: no WebAssembly SIMD here, WebAssembly turned off
   * (setWasmEnabled(false), the tests of the JavaScript paths), or a memory the module cannot
   * import (a threaded build's shared memory) — the callers then take their other path.
   */
  functions(memory: object): T | null;
  /** `functions` for the backend's own memory. */
  forBackend(b: BackendWasm): T | null;
}

export function heapModule<T>(build: () => WasmFunction[]): HeapModule<T> {
  let compiled: object | null | undefined;
  const instances = new WeakMap<object, T | null>();
  const functions = (memory: object): T | null => {
    if (!wasmEnabled()) return null;
    if (compiled === undefined) compiled = compile(moduleOf(build(), { importMemory: true }));
    if (compiled === null) return null;
    let fns = instances.get(memory);
    if (fns === undefined) {
      try {
        fns = instantiate<T>(compiled, { env: { memory } });
      } catch {
        fns = null;
      }
      instances.set(memory, fns);
    }
    return fns;
  };
  return {
    functions,
    forBackend: (b) => {
      const memory = wasmMemory(b);
      return memory === undefined ? null : functions(memory);
    },
  };
}
