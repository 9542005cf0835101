import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../src/errors.js';
import { setupBackend } from '../../src/worker/backend.js';
import type { AdapterInfoLike, DawnModule } from '../../src/worker/webgpu/index.js';
import { isDivbenchError } from '../../src/errors.js';

/** A Dawn stand-in: one adapter (or none) per route 'default/core', 'default/compatibility', 'opengles/compatibility'. */
function fakeDawn(routes: Record<string, AdapterInfoLike>, requestDevice?: () => Promise<never>): () => Promise<DawnModule> {
  return async () => ({
    globals: {},
    create: (toggles: string[]) => ({
      requestAdapter: async (o?: { featureLevel?: string }) => {
        const info = routes[`${toggles.includes('backend=opengles') ? 'opengles' : 'default'}/${o?.featureLevel}`];
        return info
          ? {
              info,
              limits: {},
              features: new Set<string>(),
              requestDevice:
                requestDevice ??
                (async () => {
                  throw new Error('fake device request refused');
                }),
            }
          : null;
      },
    }),
  });
}
const LLVMPIPE: AdapterInfoLike = {
  vendor: '',
  architecture: '',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6',
};
const NVIDIA: AdapterInfoLike = { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 550.54.15' };
const noWebGpu = { loadDawn: fakeDawn({}) };

/** Whether tfjs-node-gpu is installed, found without loading it (loading registers its backend). */
const haveNodeGpu = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
})();

describe('setupBackend', () => {
  test('auto picks wasm here and records what it tried', { skip: haveNodeGpu && 'tfjs-node-gpu is installed' }, async () => {
    const info = await setupBackend('auto', { webgpu: noWebGpu });
    assert.equal(info.requested, 'auto');
    assert.equal(info.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(info.tfjsVersion, tf.version.tfjs);
    assert.deepEqual(
      info.tried.map((t) => [t.backend, t.ok]),
      [
        ['tensorflow', false],
        ['webgpu', false],
        ['wasm', true],
      ],
    );
    assert.match(
      info.tried[1].reason ?? '',
      /no WebGPU adapter \(tried Dawn default backend \(core\): no adapter; Dawn default backend \(compatibility\): no adapter; Dawn OpenGL ES \(compatibility\): no adapter\)/,
    );
    assert.match(info.tried[0].reason ?? '', /tfjs-node-gpu is not installed/);
    assert.ok(info.fallbackKernels.some((k) => k.startsWith('Conv2DBackpropFilter')));
    assert.equal(info.device, undefined);
  });

  test('auto skips a tfjs-node-gpu that imports but cannot run an op', async () => {
    const info = await setupBackend('auto', {
      importTensorflow: async () => {
        tf.registerBackend('tensorflow', () => new (class Broken extends tf.KernelBackend {})());
      },
      webgpu: noWebGpu,
    });
    assert.equal(info.name, 'wasm');
    assert.equal(info.tried[0].ok, false);
    assert.match(info.tried[0].reason ?? '', /matMul failed/);
    assert.equal(tf.findBackendFactory('tensorflow'), null);
  });

  test('auto skips a tfjs-node-gpu whose addon fails to load', async () => {
    const info = await setupBackend('auto', {
      importTensorflow: async () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file');
      },
      webgpu: noWebGpu,
    });
    assert.equal(info.name, 'wasm');
    assert.match(info.tried[0].reason ?? '', /failed to load: libcudart/);
  });

  test('an explicit tensorflow that is unavailable is a clear error', { skip: haveNodeGpu && 'tfjs-node-gpu is installed' }, async () => {
    const err = await setupBackend('tensorflow').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof BackendUnavailableError && isDivbenchError(err));
    assert.equal(err.code, 'backend-unavailable');
    assert.match(err.message, /tfjs-node-gpu is not installed/);
    assert.match(err.message, /npm install @tensorflow\/tfjs-node-gpu/);
    assert.match(err.message, /TFJS_NODE_CDN_STORAGE/);
    assert.deepEqual(
      err.tried.map((t) => t.backend),
      ['tensorflow'],
    );
  });

  test('cpu and wasm can be asked for explicitly', async () => {
    const cpu = await setupBackend('cpu');
    assert.deepEqual([cpu.name, cpu.fallbackKernels, cpu.tried], ['cpu', [], [{ backend: 'cpu', ok: true }]]);
    const wasm = await setupBackend('wasm');
    assert.equal(wasm.name, 'wasm');
    assert.ok(wasm.fallbackKernels.length >= 4);
  });

  test('an unknown backend is a usage error', async () => {
    await assert.rejects(setupBackend('webgl' as 'cpu'), /Unknown backend 'webgl'. Known: auto, tensorflow, webgpu, wasm, cpu/);
  });
});

describe('setupBackend: webgpu', () => {
  test('auto never takes a software adapter: llvmpipe is named, then wasm runs', async () => {
    const info = await setupBackend('auto', { webgpu: { loadDawn: fakeDawn({ 'opengles/compatibility': LLVMPIPE }) } });
    assert.equal(info.name, 'wasm');
    assert.equal(info.adapter, undefined);
    assert.match(
      info.tried[1].reason ?? '',
      /no usable WebGPU adapter .*Dawn OpenGL ES \(compatibility\): llvmpipe-llvm-15-0-6-256-bits .*software — 'llvmpipe' is a software rasterizer; not used by --backend auto/,
    );
  });

  test('auto tries a real GPU before wasm, and a failed device is a reason, not a crash', async () => {
    const info = await setupBackend('auto', { webgpu: { loadDawn: fakeDawn({ 'default/core': NVIDIA, 'opengles/compatibility': LLVMPIPE }) } });
    assert.equal(info.name, 'wasm');
    assert.match(
      info.tried[1].reason ?? '',
      /adapter NVIDIA H200 \(nvidia\/hopper, NVIDIA: 550.54.15\) via Dawn default backend \(core\) found, but setting up a device on it failed: fake device request refused/,
    );
  });

  test('auto holds tfjs-node-gpu without CUDA back while it looks for a WebGPU GPU, then uses it', async () => {
    // A 'tensorflow' backend that is the cpu backend under another name: runs, no CUDA device.
    const Cpu = (tf.findBackend('cpu') ?? (await setupBackend('cpu'), tf.findBackend('cpu')))!.constructor as new () => tf.KernelBackend;
    const kernels = tf.getKernelsForBackend('cpu').map((k) => ({ ...k, backendName: 'tensorflow' }));
    const info = await setupBackend('auto', {
      importTensorflow: async () => {
        tf.registerBackend('tensorflow', () => new Cpu());
        kernels.forEach((k) => tf.registerKernel(k));
      },
      webgpu: noWebGpu,
    });
    try {
      assert.equal(info.name, 'tensorflow', JSON.stringify(info.tried));
      assert.deepEqual(
        info.tried.map((t) => [t.backend, t.ok]),
        [
          ['tensorflow', true],
          ['webgpu', false],
        ],
      );
      assert.equal(info.tried[0].reason, undefined);
    } finally {
      await setupBackend('cpu');
      tf.removeBackend('tensorflow');
      kernels.forEach((k) => tf.unregisterKernel(k.kernelName, 'tensorflow'));
    }
  });

  test('an explicit webgpu without Dawn or without an adapter is a clear error naming every route', async () => {
    const missing = await setupBackend('webgpu', {
      webgpu: {
        loadDawn: async () => {
          throw Object.assign(new Error("Cannot find package 'webgpu'"), { code: 'ERR_MODULE_NOT_FOUND' });
        },
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(missing instanceof BackendUnavailableError);
    assert.match(missing.message, /the optional package 'webgpu' \(Dawn\) is not installed/);
    assert.match(missing.message, /npm install webgpu@0.6.2 @tensorflow\/tfjs-backend-webgpu@4.22.0/);
    assert.match(missing.message, /libvulkan1/);
    const none = await setupBackend('webgpu', { webgpu: noWebGpu }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(none instanceof BackendUnavailableError);
    assert.match(
      none.message,
      /Dawn default backend \(core\): no adapter; Dawn default backend \(compatibility\): no adapter; Dawn OpenGL ES \(compatibility\): no adapter/,
    );
  });

  test('an explicit webgpu prefers a real GPU over a software adapter', async () => {
    const err = await setupBackend('webgpu', { webgpu: { loadDawn: fakeDawn({ 'default/compatibility': NVIDIA, 'opengles/compatibility': LLVMPIPE }) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof BackendUnavailableError);
    assert.match(err.message, /adapter NVIDIA H200 .* via Dawn default backend \(compatibility\) found, but setting up a device/);
  });

  test(
    'an explicit webgpu runs on Mesa llvmpipe through Dawn OpenGL ES and records it as software',
    { skip: !haveSoftwareWebGpu() && 'webgpu/tfjs-backend-webgpu not installed or no Mesa EGL (see test/e2e/webgpu.test.ts)' },
    async () => {
      const info = await setupBackend('webgpu');
      assert.equal(info.name, 'webgpu');
      assert.equal(tf.getBackend(), 'webgpu');
      assert.equal(info.adapter?.software, true);
      assert.equal(info.adapter?.dawnBackend, 'opengles');
      assert.match(info.device ?? '', /llvmpipe.*, software$/);
      const y = tf.tidy(() =>
        tf.matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[5], [6]]),
        ),
      );
      assert.deepEqual(Array.from(await y.data()), [17, 39]);
      y.dispose();
      await setupBackend('cpu');
    },
  );
});

function haveSoftwareWebGpu(): boolean {
  try {
    const require = createRequire(import.meta.url);
    require.resolve('webgpu');
    require.resolve('@tensorflow/tfjs-backend-webgpu');
  } catch {
    return false;
  }
  return ['/usr/lib/x86_64-linux-gnu/libEGL.so', '/usr/lib/aarch64-linux-gnu/libEGL.so'].some((p) => existsSync(p));
}
