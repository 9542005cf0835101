// End to end on the WebGPU backend without a GPU: Dawn's OpenGL ES backend on Mesa's llvmpipe
// (surfaceless EGL, compatibility feature level). One tiny cell on webgpu and on wasm: both
// complete, the loss falls, and the two agree on the top class for ≥ 95% of examples.
// With CI=true a missing software stack fails (CI installs it: .ci/run); elsewhere it skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readAllResults } from '../../src/store/run-dir.js';
import { readColumns } from '../../src/store/arrow-file.js';
import { cli, onlyRun, tempDir } from './helpers.js';

/** What the software WebGPU path needs; undefined when all is there. */
function missingStack(): string | undefined {
  const require = createRequire(import.meta.url);
  for (const p of ['webgpu', '@tensorflow/tfjs-backend-webgpu']) {
    try {
      require.resolve(p);
    } catch {
      return `the optional package ${p} is not installed (npm ci installs it)`;
    }
  }
  if (process.platform !== 'linux') return 'the software path (Mesa EGL) is set up for Linux only';
  const lib = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  // Dawn opens the unversioned libEGL.so (libegl-dev); glvnd dispatches to Mesa's libEGL_mesa.so.0 (libegl-mesa0).
  for (const [file, pkg] of [
    ['libEGL.so', 'libegl-dev'],
    ['libEGL_mesa.so.0', 'libegl-mesa0'],
    ['dri/swrast_dri.so', 'libgl1-mesa-dri'],
  ]) {
    if (!existsSync(join(lib, file))) return `${lib}/${file} is missing (apt-get install ${pkg})`;
  }
  return undefined;
}

const SUITE = `name: webgpu-e2e
datasets:
  - type: blobs
    params: { n: 400, classes: 3, d: 4, std: 1.5, seed: 7 }
architectures:
  - type: mlp
    params: { hidden: [16] }
optimizers:
  - type: adam
    params: { learningRate: 0.01 }
seeds: [1]
protocol:
  folds: 2
  epochs: 5
  batchSize: 32
  timeout: 3m
  probeSize: 16
  throughput: { iterations: 5, time: 50, warmupIterations: 1 }
`;

const missing = missingStack();
const skip = missing && process.env.CI !== 'true' ? `software WebGPU stack unavailable: ${missing}` : false;

test('one cell trains on webgpu (Mesa llvmpipe via Dawn OpenGL ES) and agrees with wasm', { skip, timeout: 300_000 }, () => {
  assert.equal(missing, undefined, `CI=true but the software WebGPU stack is missing: ${missing}`);
  const dir = tempDir('webgpu');
  const suite = join(dir, 'webgpu-e2e.yaml');
  writeFileSync(suite, SUITE);
  const [gpu, wasm] = (['webgpu', 'wasm'] as const).map((backend) => {
    const out = join(dir, backend);
    const r = cli(['run', suite, '--backend', backend, '--jobs', '1', '--no-report', '--out', out]);
    assert.equal(r.code, 0, `${backend}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    const runDir = onlyRun(out, 'webgpu-e2e');
    const [result] = readAllResults(runDir);
    assert.equal(result.state, 'completed', `${backend}: ${JSON.stringify(result)}`);
    return { runDir, result };
  });

  const b = gpu.result.backend;
  assert.equal(b?.name, 'webgpu');
  assert.ok(b?.adapter, 'the adapter is recorded');
  assert.ok(b.device && b.device === b.adapter.name);
  if (b.adapter.software) assert.match(b.device, /, software$/);
  assert.equal(wasm.result.backend?.name, 'wasm');

  for (const { result } of [gpu, wasm]) {
    if (result.state !== 'completed') continue;
    for (const f of result.folds) {
      const curve = f.lossCurve ?? [];
      assert.ok(curve[curve.length - 1] < curve[0], `${result.backend?.name} fold ${f.fold}: loss ${curve.join(' → ')} did not decrease`);
    }
    assert.ok(result.summary.heldOutAccuracy.mean > 0.8, `${result.backend?.name}: accuracy ${result.summary.heldOutAccuracy.mean}`);
  }

  const preds = [gpu, wasm].map(({ runDir, result }) => {
    const c = readColumns(join(runDir, 'cells', result.cellId, 'predictions.arrow')).columns;
    const byIndex = new Map<number, number>();
    c.index.forEach((idx, i) => byIndex.set(Number(idx), Number(c.pred[i])));
    return byIndex;
  });
  assert.equal(preds[0].size, 400);
  let same = 0;
  for (const [idx, p] of preds[0]) if (preds[1].get(idx) === p) same++;
  assert.ok(same / 400 >= 0.95, `webgpu and wasm agree on the top class for ${same}/400 examples (< 95%)`);
});
