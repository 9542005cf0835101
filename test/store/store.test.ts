import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readColumns, writeColumns } from '../../src/store/arrow-file.js';
import { writeJsonAtomic } from '../../src/store/atomic-write.js';
import { canonicalJson, cellKey } from '../../src/store/cell-key.js';
import { createSlot, runPool } from '../../src/harness/pool.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';
import { loadSuite } from '../../src/spec/load-suite.js';

test('atomic JSON write leaves only the target file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-atomic-'));
  writeJsonAtomic(join(dir, 'a', 'r.json'), { x: 1 });
  writeJsonAtomic(join(dir, 'a', 'r.json'), { x: 2 });
  assert.deepEqual(readdirSync(join(dir, 'a')), ['r.json']);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'a', 'r.json'), 'utf8')), { x: 2 });
});

test('Arrow columns round-trip with their types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-arrow-'));
  const stored = writeColumns(join(dir, 'p.arrow'), 'p.arrow', { index: Int32Array.from([0, 1, 2]), p0: Float32Array.from([0.25, 0.5, 1]) });
  assert.match(stored.sha256, /^sha256:[0-9a-f]{64}$/);
  const back = readColumns(join(dir, 'p.arrow'));
  assert.equal(back.numRows, 3);
  assert.ok(back.columns.index instanceof Int32Array);
  assert.deepEqual([...back.columns.p0], [0.25, 0.5, 1]);
});

test('cell key changes with the cell, the data hash and the version, not with key order', () => {
  const [cell, other] = expandMatrix(loadSuite('suites/smoke.yaml'));
  const k = cellKey(cell, 'sha256:a', '1.0.0');
  assert.equal(cellKey({ ...cell, suiteDir: '/elsewhere' }, 'sha256:a', '1.0.0'), k, 'the suite folder is not part of the key');
  assert.notEqual(cellKey(other, 'sha256:a', '1.0.0'), k);
  assert.notEqual(cellKey(cell, 'sha256:b', '1.0.0'), k);
  assert.notEqual(cellKey(cell, 'sha256:a', '1.0.1'), k);
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] }), '{"a":[2,{"c":2,"d":1}],"b":1}');
});

test('pool runs at most `jobs` tasks at once and all of them', async () => {
  let running = 0;
  let peak = 0;
  const done: number[] = [];
  await runPool([1, 2, 3, 4, 5], 2, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    done.push(i);
  });
  assert.equal(peak, 2);
  assert.deepEqual(done.sort(), [1, 2, 3, 4, 5]);
});

test('throughput slot is exclusive and FIFO', async () => {
  const slot = createSlot();
  const order: string[] = [];
  await slot.acquire();
  const b = slot.acquire().then(() => order.push('b'));
  const c = slot.acquire().then(() => order.push('c'));
  order.push('a');
  slot.release();
  await b;
  slot.release();
  await c;
  assert.deepEqual(order, ['a', 'b', 'c']);
});

test('pool: a task that lends its lane lets the next item start; reclaiming goes before new starts; lending is bounded', async () => {
  const events: string[] = [];
  let computing = 0;
  let peak = 0;
  const gate: Record<number, () => void> = {};
  const waitFor = (i: number) => new Promise<void>((r) => (gate[i] = r));
  const pool = runPool([0, 1, 2, 3], 1, async (i, lane) => {
    computing++;
    peak = Math.max(peak, computing);
    events.push(`start ${i}`);
    if (i === 0) {
      // waits on something that uses no CPU: lends the lane, then takes it back
      assert.equal(lane.lend(), true);
      assert.equal(lane.lend(), false, 'a lane already lent cannot be lent again');
      computing--;
      await waitFor(0);
      await lane.reclaim();
      computing++;
      events.push('reclaimed 0');
    } else await new Promise((r) => setTimeout(r, 5));
    if (i === 1) {
      assert.equal(lane.lend(), false, 'at most `jobs` tasks lend at once');
      gate[0]();
      await new Promise((r) => setTimeout(r, 5));
    }
    computing--;
    events.push(`end ${i}`);
  });
  await pool;
  assert.equal(peak, 1, 'never more than `jobs` computing');
  // 1 started on 0's lane; when 1 ended, 0 reclaimed before 2 could start
  assert.deepEqual(events.slice(0, 4), ['start 0', 'start 1', 'end 1', 'reclaimed 0']);
  assert.deepEqual(events.slice(4), ['end 0', 'start 2', 'end 2', 'start 3', 'end 3']);
});

test('pool: a task that throws stops new starts; the error is rethrown after the running tasks settle', async () => {
  const started: number[] = [];
  let slowDone = false;
  await assert.rejects(
    runPool([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      if (i === 0) {
        await new Promise((r) => setTimeout(r, 20));
        slowDone = true;
      } else throw new Error(`task ${i} failed`);
    }),
    /task 1 failed/,
  );
  assert.ok(slowDone, 'the running task finished before the pool rejected');
  assert.deepEqual(started, [0, 1]);
});
