import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, setupBackend } from '../../src/worker/backend.js';
import { isDivbenchError } from '../../src/errors.js';

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
    const info = await setupBackend('auto');
    assert.equal(info.requested, 'auto');
    assert.equal(info.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(info.tfjsVersion, tf.version.tfjs);
    assert.deepEqual(info.tried.map((t) => [t.backend, t.ok]), [['tensorflow', false], ['wasm', true]]);
    assert.match(info.tried[0].reason ?? '', /tfjs-node-gpu is not installed/);
    assert.ok(info.fallbackKernels.some((k) => k.startsWith('Conv2DBackpropFilter')));
    assert.equal(info.device, undefined);
  });

  test('auto skips a tfjs-node-gpu that imports but cannot run an op', async () => {
    const info = await setupBackend('auto', {
      importTensorflow: async () => {
        tf.registerBackend('tensorflow', () => new (class Broken extends tf.KernelBackend {})());
      },
    });
    assert.equal(info.name, 'wasm');
    assert.equal(info.tried[0].ok, false);
    assert.match(info.tried[0].reason ?? '', /matMul failed/);
    assert.equal(tf.findBackendFactory('tensorflow'), null);
  });

  test('auto skips a tfjs-node-gpu whose addon fails to load', async () => {
    const info = await setupBackend('auto', {
      importTensorflow: async () => { throw new Error('libcudart.so.11.0: cannot open shared object file'); },
    });
    assert.equal(info.name, 'wasm');
    assert.match(info.tried[0].reason ?? '', /failed to load: libcudart/);
  });

  test('an explicit tensorflow that is unavailable is a clear error', { skip: haveNodeGpu && 'tfjs-node-gpu is installed' }, async () => {
    const err = await setupBackend('tensorflow').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BackendUnavailableError && isDivbenchError(err));
    assert.equal(err.code, 'backend-unavailable');
    assert.match(err.message, /tfjs-node-gpu is not installed/);
    assert.match(err.message, /npm install @tensorflow\/tfjs-node-gpu/);
    assert.match(err.message, /TFJS_NODE_CDN_STORAGE/);
    assert.deepEqual(err.tried.map((t) => t.backend), ['tensorflow']);
  });

  test('cpu and wasm can be asked for explicitly', async () => {
    const cpu = await setupBackend('cpu');
    assert.deepEqual([cpu.name, cpu.fallbackKernels, cpu.tried], ['cpu', [], [{ backend: 'cpu', ok: true }]]);
    const wasm = await setupBackend('wasm');
    assert.equal(wasm.name, 'wasm');
    assert.ok(wasm.fallbackKernels.length >= 4);
  });

  test('an unknown backend is a usage error', async () => {
    await assert.rejects(setupBackend('webgl' as 'cpu'), /Unknown backend 'webgl'. Known: auto, tensorflow, wasm, cpu/);
  });
});
