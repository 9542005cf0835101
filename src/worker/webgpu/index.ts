/** WebGPU through Dawn: adapter discovery, software detection, backend registration. */
export {
  ADAPTER_ROUTES,
  findAdapter,
  loadDawn,
  routeLabel,
  type AdapterRecord,
  type AdapterRoute,
  type DawnModule,
  type FoundAdapter,
  type GpuAdapterLike,
  type GpuLike,
} from './adapter.js';
export { adapterName, classifyAdapter, type AdapterInfoLike } from './software.js';
export { registerWebGpu, uncapturedErrors } from './register.js';

export interface WebGpuOptions {
  /** Loads Dawn's bindings (injectable for tests: a fake adapter, a missing package). */
  loadDawn?: () => Promise<import('./adapter.js').DawnModule>;
  /** Loads @tensorflow/tfjs-backend-webgpu (injectable for tests). */
  loadBackend?: () => Promise<unknown>;
}
