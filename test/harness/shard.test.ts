import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { parseShard, selectShard } from '../../src/harness/shard.js';

const ok: Array<[string, NodeJS.ProcessEnv, { index: number; count: number; source: string }]> = [
  ['2/4', {}, { index: 2, count: 4, source: 'flag' }],
  ['auto/3', { JOB_COMPLETION_INDEX: '0' }, { index: 1, count: 3, source: 'JOB_COMPLETION_INDEX' }],
  ['auto', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '3', SLURM_ARRAY_TASK_COUNT: '4' }, { index: 3, count: 4, source: 'SLURM_ARRAY_TASK_ID' }],
  ['auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' }, { index: 1, count: 2, source: 'SLURM_ARRAY_TASK_ID' }],
];
for (const [spec, env, want] of ok) test(`--shard ${spec} ${JSON.stringify(env)}`, () => assert.deepEqual(parseShard(spec, env), want));

const bad: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
  ['0/3', {}, /outside 1\.\.3/],
  ['4/3', {}, /outside 1\.\.3/],
  ['2', {}, /give the number of shards/],
  ['x/y', {}, /expected i\/n/],
  ['auto', {}, /neither JOB_COMPLETION_INDEX/],
  ['auto', { JOB_COMPLETION_INDEX: '2' }, /auto\/<completions>/],
  ['auto/2', { JOB_COMPLETION_INDEX: '2' }, /outside 1\.\.2/],
];
for (const [spec, env, msg] of bad)
  test(`--shard ${spec} is refused`, () =>
    assert.throws(
      () => parseShard(spec, env),
      (e: unknown) => e instanceof UsageError && msg.test(e.message),
    ));

test('shards partition the matrix and are balanced', () => {
  const cells = Array.from({ length: 17 }, (_, i) => i);
  const parts = [1, 2, 3, 4].map((index) => selectShard(cells, { index, count: 4, source: 'flag' }));
  assert.deepEqual(
    parts.flat().sort((a, b) => a - b),
    cells,
  );
  assert.deepEqual(
    parts.map((p) => p.length),
    [5, 4, 4, 4],
  );
});
