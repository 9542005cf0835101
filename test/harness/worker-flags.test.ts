// Worker node flags: V8's helper threads are turned off only when the run keeps every core busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerNodeFlags } from '../../src/harness/spawn-cell.js';

test('workers run --single-threaded exactly when the run has at least as many concurrent cells as cores', () => {
  assert.deepEqual(workerNodeFlags(1, 2), []);
  assert.deepEqual(workerNodeFlags(3, 8), []);
  assert.deepEqual(workerNodeFlags(2, 2), ['--single-threaded']);
  assert.deepEqual(workerNodeFlags(4, 2), ['--single-threaded']);
  assert.deepEqual(workerNodeFlags(1, 1), ['--single-threaded']);
});
