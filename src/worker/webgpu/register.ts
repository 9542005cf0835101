/**
 * Registers TensorFlow.js's WebGPU backend on a device from an adapter divbench chose itself.
 * The package's own registration asks `navigator.gpu` for a core-level adapter, which misses the
 * compatibility-level adapters (OpenGL ES) and cannot be told which one to use; so the adapter and
 * device come first, then the package loads, and its factory is replaced by one that wraps our
 * device.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import type { DawnModule, FoundAdapter, GpuDeviceLike } from './adapter.js';
import { WEBGPU_BACKEND_PACKAGE } from '../../spec/backends.js';

/** Limits tfjs's WebGPU kernels depend on: the device gets the adapter's values, not WebGPU's defaults. */
const COMPUTE_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
] as const;

interface WebGpuBackendModule {
  WebGPUBackend: new (device: GpuDeviceLike, adapterInfo?: object) => tfjs.KernelBackend;
}

/** Validation errors the device reported (tfjs pushes no error scopes; without this they pass silently). */
export const uncapturedErrors: string[] = [];

export async function registerWebGpu(dawn: DawnModule, found: FoundAdapter, loadBackend?: () => Promise<unknown>): Promise<GpuDeviceLike> {
  const { adapter } = found;
  const limits = adapter.limits as Record<string, number | undefined>;
  const requiredLimits: Record<string, number> = {};
  for (const k of COMPUTE_LIMITS) if (typeof limits[k] === 'number') requiredLimits[k] = limits[k];
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  device.onuncapturederror = (event) => {
    const message = event.error?.message ?? 'unknown WebGPU error';
    if (uncapturedErrors.length < 20) uncapturedErrors.push(message.split('\n')[0]);
    process.stderr.write(`divbench webgpu: uncaptured device error: ${message}\n`);
  };

  // The backend's constructor checks `navigator.gpu`; Node 20 has no navigator, Node 21+ one without gpu.
  Object.assign(globalThis, dawn.globals);
  const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: unknown };
  if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: found.gpu, configurable: true, writable: true });

  const specifier: string = WEBGPU_BACKEND_PACKAGE;
  const mod = (await (loadBackend ?? (() => import(specifier)))()) as WebGpuBackendModule;
  if (typeof mod.WebGPUBackend !== 'function') throw new Error(`${WEBGPU_BACKEND_PACKAGE} exports no WebGPUBackend`);
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new mod.WebGPUBackend(device, adapter.info), 3);
  return device;
}
