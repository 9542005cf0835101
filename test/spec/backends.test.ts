// The backend catalog: one table the CLI choices, the default --jobs and auto's order read from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_ORDER, BACKENDS, BACKEND_REQUESTS, backendHelp, backendsTried, defaultJobCount, isBackendRequest, jobsHelp } from '../../src/spec/backends.js';

test('every backend has an entry under its own name, a fix and a place in auto', () => {
  for (const [name, e] of Object.entries(BACKENDS)) {
    assert.equal(e.name, name);
    assert.ok(e.fix.length > 20, name);
    assert.ok(AUTO_ORDER.includes(e.name), name);
  }
  assert.deepEqual([...BACKEND_REQUESTS], ['auto', ...AUTO_ORDER]);
});

test("a request tries auto's order or the one backend asked for", () => {
  assert.deepEqual(backendsTried('auto'), ['tensorflow', 'webgpu', 'wasm', 'cpu']);
  assert.deepEqual(backendsTried('wasm'), ['wasm']);
  assert.ok(isBackendRequest('webgpu') && isBackendRequest('auto'));
  assert.ok(!isBackendRequest('gpu') && !isBackendRequest(undefined) && !isBackendRequest('toString'));
});

const cases: Array<[string, Parameters<typeof defaultJobCount>[0], string[], number]> = [
  ['gpu backends share one device', 'tensorflow', [], 1],
  ['webgpu too', 'webgpu', [], 1],
  ['wasm: one cell per core', 'wasm', ['@tensorflow/tfjs-node-gpu'], 6],
  ['cpu: one cell per core', 'cpu', [], 6],
  ['auto with tfjs-node-gpu installed', 'auto', ['@tensorflow/tfjs-node-gpu'], 1],
  ['auto without it (webgpu is invisible to the parent)', 'auto', ['webgpu', '@tensorflow/tfjs-backend-webgpu'], 6],
];
for (const [name, request, installed, jobs] of cases) {
  test(`default --jobs: ${name}`, () => {
    assert.equal(defaultJobCount(request, { cores: 6, installed: (p) => installed.includes(p) }), jobs);
  });
}

test('at least one job even on a machine that reports no cores', () => {
  assert.equal(defaultJobCount('cpu', { cores: 0, installed: () => false }), 1);
});

test("help texts name every backend in auto's order", () => {
  const help = backendHelp();
  const at = AUTO_ORDER.map((b) => help.indexOf(b));
  assert.ok(at.every((i) => i >= 0) && at.every((i, j) => j === 0 || i > at[j - 1]), help);
  assert.match(jobsHelp(), /tensorflow\|webgpu/);
});
