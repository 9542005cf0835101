/**
 * Where the tfjs wasm backend keeps its tensors, for WebAssembly kernels that work in its heap
 * directly (optimizer-updates-wasm.ts, max-pool-grad-wasm.ts): the backend's
 * WebAssembly.Memory and a tensor's byte offset in it.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasm-ops.js';

/** The backend's WebAssembly.Memory, or undefined where its build does not expose one. */
export function wasmMemory(b: BackendWasm): object | undefined {
  return (b.wasm as unknown as { asm?: { memory?: object } }).asm?.memory;
}

/** The byte offset of a tensor's data in the backend's heap. */
export function heapOffset(b: BackendWasm, info: Info): number {
  return (b.dataIdMap.get(info.dataId) as unknown as { memoryOffset: number }).memoryOffset;
}
