// Fault injection through a fixture worker (test/fixtures/workers/fault-worker.ts, chosen with
// `run --worker`): one suite run where cells throw, hang past their timeout, die by a signal,
// diverge (NaN loss) and exceed their memory limit. Each failure is recorded with its own state,
// the other cells complete, the run exits 1 and lists the failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAllResults } from '../../src/store/run-dir.js';
import { cli, onlyRun, tempDir, withFaults } from './helpers.js';

test('each injected fault becomes its own state and the rest of the run completes', { timeout: 300_000 }, () => {
  const out = tempDir('faults');
  const faults = {
    'blobs.linear.sgd.s1': 'throw',
    'blobs.linear.sgd.s2': 'hang',
    'blobs.linear.adam.s1': 'signal',
    'blobs.linear.adam.s2': 'nan',
    'blobs.mlp.sgd.s1': 'oom',
  };
  const started = Date.now();
  const inject = withFaults(faults);
  const r = cli(['run', 'test/fixtures/suites/faults.yaml', '--out', out, '--backend', 'cpu', '--no-report', ...inject.args], { env: inject.env });
  assert.equal(r.code, 1, `expected exit 1 (some cells failed), got ${r.code}\n${r.stderr}`);
  const results = new Map(readAllResults(onlyRun(out, 'faults')).map((x) => [x.cellId, x]));
  assert.equal(results.size, 8);
  const state = (id: string) => results.get(id)?.state;
  assert.equal(state('blobs.linear.sgd.s1'), 'errored');
  assert.equal(state('blobs.linear.sgd.s2'), 'timed-out');
  assert.equal(state('blobs.linear.adam.s1'), 'crashed');
  assert.equal(state('blobs.linear.adam.s2'), 'diverged');
  assert.equal(state('blobs.mlp.sgd.s1'), 'crashed');
  for (const id of ['blobs.mlp.sgd.s2', 'blobs.mlp.adam.s1', 'blobs.mlp.adam.s2']) assert.equal(state(id), 'completed', id);

  const errored = results.get('blobs.linear.sgd.s1')!;
  assert.ok(errored.state === 'errored' && /injected fault/.test(errored.error.message));
  const crashed = results.get('blobs.linear.adam.s1')!;
  assert.ok(crashed.state === 'crashed' && crashed.signal === 'SIGKILL', JSON.stringify(crashed));
  const oom = results.get('blobs.mlp.sgd.s1')!;
  assert.ok(oom.state === 'crashed' && /out of memory/.test(oom.reason) && oom.stderrTail.length > 0, JSON.stringify(oom).slice(0, 500));
  const diverged = results.get('blobs.linear.adam.s2')!;
  assert.ok(diverged.state === 'diverged' && diverged.diverged.epoch === 0 && diverged.diverged.fold === 0);
  const timedOut = results.get('blobs.linear.sgd.s2')!;
  assert.ok(timedOut.state === 'timed-out' && timedOut.durationMs >= 20_000 && timedOut.durationMs < 60_000);

  assert.match(r.stderr, /5 cell\(s\) did not complete/);
  assert.match(r.stderr, /timed-out +blobs\.linear\.sgd\.s2/);
  assert.ok(Date.now() - started < 200_000);
});

test('--bail stops at the first failure', { timeout: 120_000 }, () => {
  const out = tempDir('bail');
  const inject = withFaults({ 'blobs.linear.sgd.s1': 'throw' });
  const r = cli(['run', 'test/fixtures/suites/faults.yaml', '--out', out, '--backend', 'cpu', '--no-report', '--bail', '--jobs', '1', ...inject.args], {
    env: inject.env,
  });
  assert.equal(r.code, 1, r.stderr);
  // cells start longest first (the mlp cells, then the linear ones): the run stops at the failing
  // cell, after the ones that ran before it, and starts nothing after it
  const results = readAllResults(onlyRun(out, 'faults')).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  assert.deepEqual(
    results.map((x) => `${x.cellId} ${x.state}`),
    ['blobs.mlp.sgd.s1 completed', 'blobs.mlp.sgd.s2 completed', 'blobs.mlp.adam.s1 completed', 'blobs.mlp.adam.s2 completed', 'blobs.linear.sgd.s1 errored'],
  );
});
