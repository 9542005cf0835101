/**
 * Chooses and initialises the TensorFlow.js backend of a worker, and records what really runs.
 *
 * `auto` tries, in order: `tensorflow` (tfjs-node-gpu, an optional dependency: it must import AND
 * run one small op, since a broken addon can import and then fail) on a CUDA device, `webgpu`
 * (Dawn + tfjs-backend-webgpu, optional dependencies) on an adapter that is a real GPU, then
 * tfjs-node-gpu on the CPU if it ran, `wasm` (with the training kernels tfjs 4.22's wasm lacks,
 * see ./kernels), `cpu`. An explicit `webgpu` also accepts a software adapter (Mesa's llvmpipe)
 * and records it as such. An explicitly requested backend that does not work is a
 * `BackendUnavailableError` naming what was tried and how to fix it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadWasmBackend, tf } from './tf.js';
import { BackendUnavailableError, UsageError } from '../errors.js';
import { registerWasmTrainingKernels, type WasmKernelOptions } from './kernels/index.js';
import { findAdapter, loadDawn, registerWebGpu, routeLabel, type AdapterRecord, type WebGpuOptions } from './webgpu/index.js';
import {
  BACKENDS,
  BACKEND_REQUESTS,
  backendsTried,
  isBackendRequest,
  NODE_GPU_PACKAGE as NODE_GPU,
  WEBGPU_BACKEND_PACKAGE,
  WEBGPU_PACKAGE,
  type BackendName,
  type BackendRequest,
} from '../spec/backends.js';

export type { AdapterRecord, BackendName, BackendRequest };

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was not used (absent when ok). */
  reason?: string;
}

export interface BackendInfo {
  requested: BackendRequest;
  /** The backend that really runs (`tf.getBackend()`). */
  name: BackendName;
  tfjsVersion: string;
  /** GPU name when `tensorflow` runs on a CUDA device; the adapter's name on `webgpu`. */
  device?: string;
  /** The WebGPU adapter (vendor, architecture, description, software or not) when `webgpu` runs. */
  adapter?: AdapterRecord;
  /** Kernels registered or replaced for this backend, e.g. 'MaxPoolGrad (one pass per window over typed arrays)'. */
  fallbackKernels: string[];
  /** Every backend tried, in order, and why a failed one failed. */
  tried: BackendAttempt[];
}

export interface SetupBackendOptions {
  /** Loads tfjs-node-gpu (injectable for tests: a broken addon, a missing package). */
  importTensorflow?: () => Promise<unknown>;
  wasmKernels?: WasmKernelOptions;
  /** Dawn and tfjs-backend-webgpu loaders (injectable for tests: a fake or software adapter). */
  webgpu?: WebGpuOptions;
}

export async function setupBackend(requested: BackendRequest, options: SetupBackendOptions = {}): Promise<BackendInfo> {
  if (!isBackendRequest(requested)) {
    throw new UsageError(`Unknown backend '${String(requested)}'. Known: ${BACKEND_REQUESTS.join(', ')}`);
  }
  silenceCpuGreeting();
  const tried: BackendAttempt[] = [];
  const done = (name: BackendName, attempt: Attempt): BackendInfo => ({
    requested,
    name,
    tfjsVersion: tf.version.tfjs,
    ...(attempt.device ? { device: attempt.device } : {}),
    ...(attempt.adapter ? { adapter: attempt.adapter } : {}),
    fallbackKernels: attempt.kernels,
    tried,
  });
  // In `auto`, tfjs-node-gpu without a CUDA device is held back while a WebGPU GPU is looked for.
  let heldTensorflow: { attempt: Attempt; entry: BackendAttempt } | undefined;
  for (const name of backendsTried(requested)) {
    if (heldTensorflow && name !== 'webgpu') {
      const again = await activate('tensorflow', []);
      if (again.ok) {
        Object.assign(heldTensorflow.entry, { ok: true, reason: undefined });
        delete heldTensorflow.entry.reason;
        return done('tensorflow', heldTensorflow.attempt);
      }
      heldTensorflow = undefined;
    }
    const attempt = await tryBackend(name, requested, options);
    const entry: BackendAttempt = attempt.ok ? { backend: name, ok: true } : { backend: name, ok: false, reason: attempt.reason };
    tried.push(entry);
    if (attempt.ok && name === 'tensorflow' && requested === 'auto' && !attempt.device) {
      Object.assign(entry, { ok: false, reason: 'it runs, but on the CPU (no CUDA device): a WebGPU GPU is preferred' });
      heldTensorflow = { attempt, entry };
      continue;
    }
    if (attempt.ok) return done(name, attempt);
  }
  const lines = tried.map((t) => `${t.backend}: ${t.reason ?? 'failed'}`);
  const order = backendsTried(requested);
  throw new BackendUnavailableError(
    `Backend '${requested}' is not available. Tried ${lines.join('; ')}. Fix: ${BACKENDS[order[order.length - 1]].fix}.`,
    tried,
  );
}

interface Attempt {
  ok: boolean;
  reason?: string;
  device?: string;
  adapter?: AdapterRecord;
  kernels: string[];
}

async function tryBackend(name: BackendName, requested: BackendRequest, options: SetupBackendOptions): Promise<Attempt> {
  try {
    if (name === 'tensorflow') return await tryTensorflow(options.importTensorflow ?? (() => import(NODE_GPU)));
    if (name === 'webgpu') return await tryWebGpu({ ...options.webgpu, allowSoftware: requested === 'webgpu' });
    if (name === 'wasm') return await tryWasm(options.wasmKernels);
    return await activate('cpu', []);
  } catch (e) {
    return { ok: false, reason: describe(e), kernels: [] };
  }
}

async function tryTensorflow(load: () => Promise<unknown>): Promise<Attempt> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2'; // libtensorflow's C++ start-up logging
  try {
    await quietly(load);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    return { ok: false, reason: missing ? `${NODE_GPU} is not installed` : `${NODE_GPU} failed to load: ${describe(e)}`, kernels: [] };
  }
  if (!(tf.engine().registryFactory as Record<string, unknown>).tensorflow) {
    return {
      ok: false,
      reason: `${NODE_GPU} loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs (a second copy of tfjs in node_modules?)`,
      kernels: [],
    };
  }
  const result = await activate('tensorflow', []);
  if (!result.ok) {
    forgetBackend('tensorflow');
    return result;
  }
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  return usingGpu ? { ...result, device: gpuName() ?? 'CUDA GPU' } : result;
}

/**
 * WebGPU: an adapter first (a real GPU; a software one only when asked for `webgpu` explicitly),
 * then the tfjs backend on a device from it. Every Dawn route tried is named in the reason.
 */
async function tryWebGpu(options: WebGpuOptions & { allowSoftware: boolean }): Promise<Attempt> {
  const { allowSoftware } = options;
  // In `auto`, a Linux machine without a GPU device node cannot have a real GPU adapter: skip
  // loading Dawn (21 MB) and probing its routes, which cost every cell a few hundred ms.
  const nodes = gpuDeviceNodes();
  if (!allowSoftware && !options.loadDawn && nodes !== null && nodes.length === 0) {
    return { ok: false, reason: 'no GPU device node (/dev/dri, /dev/nvidia*, /dev/dxg), so no real GPU adapter; Dawn not loaded', kernels: [] };
  }
  let dawn;
  try {
    dawn = await (options.loadDawn ?? loadDawn)();
  } catch (e) {
    const code = (e as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    return {
      ok: false,
      reason: missing ? `the optional package '${WEBGPU_PACKAGE}' (Dawn) is not installed` : `'${WEBGPU_PACKAGE}' (Dawn) failed to load: ${describe(e)}`,
      kernels: [],
    };
  }
  const { found, log } = await findAdapter(dawn, { allowSoftware });
  if (!found) {
    const none = log.every((l) => l.endsWith(': no adapter'));
    return { ok: false, reason: `${none ? 'no WebGPU adapter' : 'no usable WebGPU adapter'} (tried ${log.join('; ')})`, kernels: [] };
  }
  const where = `${found.record.name} via ${routeLabel(found.record)}`;
  try {
    await registerWebGpu(dawn, found, options.loadBackend);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      return { ok: false, reason: `adapter ${where} found, but the optional package '${WEBGPU_BACKEND_PACKAGE}' is not installed`, kernels: [] };
    return { ok: false, reason: `adapter ${where} found, but setting up a device on it failed: ${describe(e)}`, kernels: [] };
  }
  const result = await activate('webgpu', []);
  if (!result.ok) {
    forgetBackend('webgpu');
    return { ...result, reason: `${result.reason} (adapter ${where})` };
  }
  return { ...result, device: found.record.name, adapter: found.record };
}

/** GPU device nodes on Linux (null elsewhere: no cheap check there). */
function gpuDeviceNodes(): string[] | null {
  if (process.platform !== 'linux') return null;
  const found: string[] = [];
  for (const [dir, pattern] of [
    ['/dev/dri', /^(card|renderD)\d+$/],
    ['/dev', /^(nvidia\d+|dxg)$/],
  ] as const) {
    try {
      for (const name of readdirSync(dir)) if (pattern.test(name)) found.push(`${dir}/${name}`);
    } catch {
      // folder absent
    }
  }
  return found;
}

let wasmPathsSet = false;

async function tryWasm(kernelOptions: WasmKernelOptions | undefined): Promise<Attempt> {
  const wasm = loadWasmBackend();
  if (!wasmPathsSet) {
    // Resolved from this file, so it works from src/worker (tsx) and dist/worker alike.
    const binary = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
    wasm.setWasmPaths(`${dirname(binary)}/`);
    wasmPathsSet = true;
  }
  const result = await activate('wasm', []);
  if (!result.ok) return result;
  return { ...result, kernels: registerWasmTrainingKernels(kernelOptions) };
}

/** Sets the backend and proves it with one small op. */
async function activate(name: BackendName, kernels: string[]): Promise<Attempt> {
  const ok = await quietly(() => tf.setBackend(name));
  if (!ok || tf.getBackend() !== name) return { ok: false, reason: `tf.setBackend('${name}') failed to initialise it`, kernels };
  await tf.ready();
  try {
    // An async read: the webgpu backend cannot read synchronously under Node (it needs OffscreenCanvas).
    const t = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum());
    const v = (await t.data())[0];
    t.dispose();
    if (v !== 8) return { ok: false, reason: `a 2×2 matMul gave ${v}, not 8`, kernels };
  } catch (e) {
    return { ok: false, reason: `it initialised but a 2×2 matMul failed: ${describe(e)}`, kernels };
  }
  return { ok: true, kernels };
}

/** Unregisters a backend that failed; a broken one may also throw while disposing. */
function forgetBackend(name: BackendName): void {
  try {
    tf.removeBackend(name);
  } catch {
    const engine = tf.engine() as unknown as { registry: Record<string, unknown>; registryFactory: Record<string, unknown> };
    delete engine.registry[name];
    delete engine.registryFactory[name];
  }
}

/** Runs `f` with tfjs's own warnings (platform re-set, backend re-registered) turned off. */
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    return await f();
  } finally {
    tf.env().set('PROD', prod);
  }
}

/** The cpu backend greets Node users with "Hi, looks like you are running TensorFlow.js in Node.js…". */
function silenceCpuGreeting(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}

function gpuName(): string | undefined {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const names = out
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    return names.length ? names.join(', ') : undefined;
  } catch {
    return undefined;
  }
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 300);
}
