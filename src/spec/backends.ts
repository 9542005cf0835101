/**
 * The TensorFlow.js backend catalog: every backend divbench can run a cell on, in one table.
 * The CLI's `--backend` choices and help, the default `--jobs`, `auto`'s order and the fix a
 * `BackendUnavailableError` names all read from it. Pure data (no tfjs): the parent, the CLI and
 * the worker import it alike.
 */

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
/** What a suite run asks for: one backend, or `auto` (the first of `AUTO_ORDER` that works). */
export type BackendRequest = 'auto' | BackendName;

export interface BackendEntry {
  readonly name: BackendName;
  /** What it is, for help texts: `tensorflow (tfjs-node-gpu)`. */
  readonly label: string;
  /** When `auto` takes it, for help texts. */
  readonly autoWhen: string;
  /** npm packages it needs beyond `@tensorflow/tfjs` (optional dependencies for the GPU backends). */
  readonly packages: readonly string[];
  /** Cells on it share one device (a GPU): the default `--jobs` is 1. */
  readonly sharesDevice: boolean;
  /**
   * Under `auto`, the parent (which never loads tfjs or Dawn) takes an installed one of these
   * packages as the sign that cells will share a device, and defaults `--jobs` to 1.
   * Absent where the parent cannot tell (webgpu needs a real GPU adapter that only Dawn can see).
   */
  readonly autoDeviceSign?: string;
  /** How to make it available, ending with the backends to fall back on. */
  readonly fix: string;
}

export const NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
export const WEBGPU_PACKAGE = 'webgpu';
export const WEBGPU_BACKEND_PACKAGE = '@tensorflow/tfjs-backend-webgpu';
export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

export const BACKENDS: Readonly<Record<BackendName, BackendEntry>> = {
  tensorflow: {
    name: 'tensorflow',
    label: 'tensorflow (tfjs-node-gpu)',
    autoWhen: 'on a CUDA device',
    packages: [NODE_GPU_PACKAGE],
    sharesDevice: true,
    autoDeviceSign: NODE_GPU_PACKAGE,
    fix: `install it with \`npm install ${NODE_GPU_PACKAGE}@4.22.0\` (its install downloads libtensorflow 2.9.1 — the GPU build needs CUDA 11.2 + cuDNN 8.1 — and a prebuilt addon; behind a firewall set TFJS_NODE_CDN_STORAGE=<http mirror>/ for libtensorflow and npm_config_tfjs_binding_binary_host_mirror=<mirror>/ for the addon), or run with --backend auto, wasm or cpu`,
  },
  webgpu: {
    name: 'webgpu',
    label: 'webgpu (Dawn)',
    autoWhen: 'on a real GPU adapter (an explicit --backend webgpu also accepts a software adapter, Mesa llvmpipe)',
    packages: [WEBGPU_PACKAGE, WEBGPU_BACKEND_PACKAGE],
    sharesDevice: true,
    fix: `install the optional packages (\`npm install ${WEBGPU_PACKAGE}@0.6.2 ${WEBGPU_BACKEND_PACKAGE}@4.22.0\`; Dawn's prebuilt binaries ship inside, nothing is downloaded) and a driver: for a GPU its Vulkan driver (NVIDIA: the driver's Vulkan ICD, nvidia_icd.json) plus the Vulkan loader (Debian: libvulkan1); for the software path Mesa's EGL (Debian: libegl1 libegl-mesa0 libegl-dev, which provides the libEGL.so Dawn opens); or run with --backend auto, wasm or cpu`,
  },
  wasm: {
    name: 'wasm',
    label: 'wasm',
    autoWhen: 'else',
    packages: [WASM_PACKAGE],
    sharesDevice: false,
    fix: `reinstall the dependencies (\`npm ci\`; ${WASM_PACKAGE} ships its .wasm binaries in dist/), or run with --backend cpu`,
  },
  cpu: {
    name: 'cpu',
    label: 'cpu',
    autoWhen: 'else',
    packages: [],
    sharesDevice: false,
    fix: 'the cpu backend ships with @tensorflow/tfjs; reinstall the dependencies (`npm ci`)',
  },
};

/**
 * `auto`'s order. The worker refines one step: tfjs-node-gpu that runs but finds no CUDA device
 * is held back until WebGPU has been looked for, then taken before wasm.
 */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Every `--backend` value, `auto` first. */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', ...AUTO_ORDER];

export function isBackendRequest(value: unknown): value is BackendRequest {
  return typeof value === 'string' && (BACKEND_REQUESTS as readonly string[]).includes(value);
}

/** The backends a request tries, in order. */
export function backendsTried(request: BackendRequest): readonly BackendName[] {
  return request === 'auto' ? AUTO_ORDER : [request];
}

export interface JobCountContext {
  /** CPU cores the pool may use. */
  readonly cores: number;
  /** Whether an npm package is installed (resolvable from divbench). */
  readonly installed: (pkg: string) => boolean;
}

/** The default `--jobs`: 1 when cells share one device, else one cell per core. */
export function defaultJobCount(request: BackendRequest, ctx: JobCountContext): number {
  const shared =
    request === 'auto'
      ? AUTO_ORDER.some((b) => BACKENDS[b].autoDeviceSign !== undefined && ctx.installed(BACKENDS[b].autoDeviceSign!))
      : BACKENDS[request].sharesDevice;
  return shared ? 1 : Math.max(1, ctx.cores);
}

/** `--backend` help: what `auto` resolves to, from the catalog. */
export function backendHelp(): string {
  const steps = AUTO_ORDER.map((b, i) => {
    const e = BACKENDS[b];
    return i === 0 || e.autoWhen !== 'else' ? `${e.label} ${e.autoWhen}` : e.label;
  });
  return `tfjs backend: auto = ${steps.join(', else ')}`;
}

/** `--jobs` help: the default, from the catalog. */
export function jobsHelp(): string {
  const shared = AUTO_ORDER.filter((b) => BACKENDS[b].sharesDevice);
  const signs = AUTO_ORDER.map((b) => BACKENDS[b].autoDeviceSign).filter((s): s is string => s !== undefined);
  return `cells at once (default: CPU cores; 1 with --backend ${shared.join('|')}, and with auto when ${signs.join(' or ')} is installed: cells share one device)`;
}

/** Every package a backend needs, for env.json's version list. */
export function backendPackages(): string[] {
  return ['@tensorflow/tfjs', ...AUTO_ORDER.flatMap((b) => BACKENDS[b].packages)];
}
