/**
 * Finds a WebGPU adapter through Dawn (the `webgpu` npm package, an optional dependency loaded
 * with a dynamic import). It tries, in order: Dawn's default backend (Vulkan on Linux, Metal on
 * macOS, D3D12 on Windows) at the core feature level, the same at the compatibility feature
 * level, then Dawn's OpenGL ES backend (surfaceless EGL) at the compatibility level — the path
 * that reaches Mesa's llvmpipe on a machine without a GPU. A real GPU wins over a software
 * adapter; a software one is used only when `allowSoftware` (an explicit `--backend webgpu`).
 */
import type { AdapterRecord } from '../../store/results.js';
import { adapterName, classifyAdapter, type AdapterInfoLike } from './software.js';
import { WEBGPU_PACKAGE } from '../../spec/backends.js';

export type { AdapterRecord };

export interface GpuAdapterLike {
  readonly info?: AdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  readonly limits: object;
  readonly features: { has(feature: string): boolean };
  requestDevice(descriptor?: object): Promise<GpuDeviceLike>;
}
export interface GpuDeviceLike {
  readonly limits: object;
  readonly features: { has(feature: string): boolean };
  onuncapturederror?: ((event: { error?: { message?: string } }) => void) | null;
  destroy(): void;
}
export interface GpuLike {
  requestAdapter(options?: { featureLevel?: string; powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
/** The part of the `webgpu` package divbench uses. */
export interface DawnModule {
  create(toggles: string[]): GpuLike;
  globals: object;
}

export interface AdapterRoute {
  /** Dawn backend: 'default' (the platform's native API) or 'opengles'. */
  readonly dawnBackend: 'default' | 'opengles';
  readonly featureLevel: 'core' | 'compatibility';
}

export const ADAPTER_ROUTES: readonly AdapterRoute[] = [
  { dawnBackend: 'default', featureLevel: 'core' },
  { dawnBackend: 'default', featureLevel: 'compatibility' },
  { dawnBackend: 'opengles', featureLevel: 'compatibility' },
];

export interface FoundAdapter {
  readonly gpu: GpuLike;
  readonly adapter: GpuAdapterLike;
  readonly record: AdapterRecord;
}

export interface FindAdapterResult {
  readonly found?: FoundAdapter;
  /** One line per route: what it gave. */
  readonly log: string[];
}

/** Loads Dawn's node bindings; a variable specifier keeps an absent optional package out of type-checking. */
export async function loadDawn(): Promise<DawnModule> {
  const specifier: string = WEBGPU_PACKAGE;
  return (await import(specifier)) as DawnModule;
}

export function routeLabel(r: AdapterRoute): string {
  return `${r.dawnBackend === 'default' ? 'Dawn default backend' : 'Dawn OpenGL ES'} (${r.featureLevel})`;
}

/** `allowSoftware`: take a software adapter (llvmpipe) when no GPU is found; `routes`: the Dawn routes to try, in order. */
export async function findAdapter(
  dawn: DawnModule,
  { allowSoftware, routes = ADAPTER_ROUTES }: { allowSoftware: boolean; routes?: readonly AdapterRoute[] },
): Promise<FindAdapterResult> {
  const log: string[] = [];
  let software: FoundAdapter | undefined;
  for (const route of routes) {
    const label = routeLabel(route);
    let adapter: GpuAdapterLike | null;
    let gpu: GpuLike;
    try {
      // Mesa's EGL would otherwise look for an X11/Wayland display; harmless for a GPU driver.
      if (route.dawnBackend === 'opengles') process.env.EGL_PLATFORM ??= 'surfaceless';
      gpu = dawn.create(route.dawnBackend === 'opengles' ? ['backend=opengles'] : []);
      adapter = await gpu.requestAdapter({ featureLevel: route.featureLevel, powerPreference: 'high-performance' });
    } catch (e) {
      log.push(`${label}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      continue;
    }
    if (!adapter) {
      log.push(`${label}: no adapter`);
      continue;
    }
    const record = describeAdapter(adapter, route);
    if (!record.software) {
      log.push(`${label}: ${record.name}`);
      return { found: { gpu, adapter, record }, log };
    }
    log.push(`${label}: ${record.name} — ${record.classifiedBy}${allowSoftware ? '' : '; not used by --backend auto'}`);
    software ??= { gpu, adapter, record };
  }
  return { found: allowSoftware ? software : undefined, log };
}

function describeAdapter(adapter: GpuAdapterLike, route: AdapterRoute): AdapterRecord {
  const i = adapter.info ?? {};
  const info: AdapterInfoLike = {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    isFallbackAdapter: i.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
  };
  const c = classifyAdapter(info);
  return {
    vendor: info.vendor!,
    architecture: info.architecture!,
    device: info.device!,
    description: info.description!,
    software: c.software,
    classifiedBy: c.why,
    ...route,
    name: adapterName(info, { software: c.software }),
  };
}
