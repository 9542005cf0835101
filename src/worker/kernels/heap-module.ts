/**
 * A WebAssembly module whose functions work in the tfjs wasm backend's heap (it imports the
 * backend's memory as env.memory): compiled once, instantiated once per memory. Shared by the
 * SIMD training kernels (optimizer-updates-wasm.ts, max-pool-grad-wasm.ts, elementwise-wasm.ts,
 * reduce-leading-wasm.ts).
 */
import { compile, instantiate, moduleOf, type WasmFunction } from '../../analysis/wasm-asm.js';

export interface HeapModule<T> {
  /** The exports bound to `memory` (the backend's WebAssembly.Memory), or null without WebAssembly SIMD (or with it turned off). */
  functions(memory: object): T | null;
  /** Forgets the compiled module (tests that turn WebAssembly off with setWasmEnabled). */
  reset(): void;
}

export function heapModule<T>(build: () => WasmFunction[]): HeapModule<T> {
  let compiled: object | null | undefined;
  let instances = new WeakMap<object, T | null>();
  return {
    functions(memory) {
      if (compiled === undefined) compiled = compile(moduleOf(build(), { importMemory: true }));
      if (compiled === null) return null;
      let fns = instances.get(memory);
      if (fns === undefined) {
        try {
          fns = instantiate<T>(compiled, { env: { memory } });
        } catch {
          // a memory the module cannot import (a threaded build's shared memory): tfjs's kernels do the work
          fns = null;
        }
        instances.set(memory, fns);
      }
      return fns;
    },
    reset() {
      compiled = undefined;
      instances = new WeakMap<object, T | null>();
    },
  };
}
