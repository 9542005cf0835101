// A worker killed (kill -9, the kernel's OOM killer) while it waits for the throughput slot must
// become a `crashed` cell: no ERR_IPC_CHANNEL_CLOSED in the parent, and the slot is given back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCell } from '../../src/harness/spawn-cell.js';
import { createSlot } from '../../src/harness/pool.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';
import { loadSuite } from '../../src/spec/load-suite.js';

test('a worker killed while it waits for the throughput slot is a crashed cell and the slot comes back', { timeout: 120_000 }, async () => {
  const [cell] = expandMatrix(loadSuite('test/fixtures/suites/tiny.yaml'));
  const dir = mkdtempSync(join(tmpdir(), 'divbench-death-'));
  const inner = createSlot();
  await inner.acquire(); // another cell holds the slot
  let pid = 0;
  let acquired = 0;
  let released = 0;
  const slot = {
    acquire: () =>
      inner.acquire().then((n) => {
        acquired++;
        return n;
      }),
    release: () => {
      released++;
      inner.release();
    },
  };
  const result = await spawnCell(cell, {
    cellDir: dir,
    key: 'k',
    backend: 'cpu',
    concurrency: 1,
    throughputSlot: slot,
    onSpawn: (p) => {
      pid = p;
    },
    onMessage: (m) => {
      if (m.type === 'throughput-request') process.kill(pid, 'SIGKILL');
    },
  });
  assert.equal(result.state, 'crashed');
  assert.ok(result.state === 'crashed' && result.signal === 'SIGKILL', JSON.stringify(result).slice(0, 300));
  assert.equal(result.folds.length, 2, 'the folds measured before the death are kept');
  // The other cell finishes its measurement: the dead worker's queued request is granted, and
  // must be handed straight back instead of being sent to a closed channel.
  inner.release();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(acquired, 1);
  assert.equal(released, 1, 'the slot granted to a dead worker is released');
  const again = await Promise.race([inner.acquire().then(() => 'free'), new Promise((r) => setTimeout(() => r('stuck'), 1000))]);
  assert.equal(again, 'free', 'the next cell can still measure throughput');
});
