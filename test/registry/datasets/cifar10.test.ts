import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatasetError } from '../../../src/errors.js';
import { cifar10, CIFAR10_CLASSES } from '../../../src/registry/datasets/cifar10.js';
import { cifarBatch, ctx, tempDir, write } from './helpers.js';

const parse = (p: unknown) => cifar10.params.parse(p);

/** Five training batches of 2 records each and a 3-record test batch. */
function cifarDir(t: Parameters<typeof tempDir>[0], sub = '') {
  const root = tempDir(t);
  const dir = join(root, sub);
  for (let b = 1; b <= 5; b++) write(join(dir, `data_batch_${b}.bin`), cifarBatch([b, (b + 5) % 10]));
  write(join(dir, 'test_batch.bin'), cifarBatch([9, 0, 3]));
  return { root, dir };
}

test('cifar10 reads records and converts channel-planar to HWC in [0, 1]', async (t) => {
  const { root } = cifarDir(t);
  const data = await cifar10.load(parse({ dataDir: '.' }), ctx({ suiteDir: root }));
  assert.equal(data.n, 10);
  assert.deepEqual(data.shape, [32, 32, 3]);
  assert.equal(data.kind, 'image');
  assert.deepEqual([...data.y], [1, 6, 2, 7, 3, 8, 4, 9, 5, 0]);
  assert.deepEqual(data.classNames, CIFAR10_CLASSES);
  assert.deepEqual(data.test && [...data.test.y], [9, 0, 3]);
  // Record r of a batch: channel c of pixel p is (r + p + 85c) mod 256. Example 3 is record 1 of batch 2.
  for (const [example, record, p] of [
    [0, 0, 0],
    [3, 1, 33],
    [9, 1, 1023],
  ]) {
    for (let c = 0; c < 3; c++) {
      const want = ((record + p + 85 * c) % 256) / 255;
      assert.ok(Math.abs(data.x[(example * 1024 + p) * 3 + c] - want) < 1e-7, `example ${example} pixel ${p} channel ${c}`);
    }
  }
});

test('cifar10: batches, limit, useTest, meta names, nested folder, env var', async (t) => {
  const { root, dir } = cifarDir(t, 'cifar-10-batches-bin');
  write(join(dir, 'batches.meta.txt'), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n');
  const env = { DIVBENCH_CIFAR10_DIR: root };
  const one = await cifar10.load(parse({ batches: [2], useTest: false }), ctx({ env }));
  assert.equal(one.n, 2);
  assert.equal(one.test, undefined);
  assert.deepEqual(one.classNames, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  const limited = await cifar10.load(parse({ limit: 3 }), ctx({ env }));
  assert.equal(limited.n, 3);
  assert.deepEqual([...limited.y], [1, 6, 2]);
  assert.notEqual(limited.hash, one.hash);
});

test('cifar10 rejects a truncated batch, naming the file and byte count', async (t) => {
  const { root, dir } = cifarDir(t);
  const file = write(join(dir, 'data_batch_3.bin'), cifarBatch([1, 2]).subarray(0, 3073 + 100));
  await assert.rejects(cifar10.load(parse({ dataDir: root }), ctx()), (e: unknown) => {
    assert.ok(e instanceof DatasetError);
    assert.match(e.message, new RegExp(`^${file}: 3173 bytes is not a whole number of 3073-byte CIFAR-10 records`));
    return true;
  });
});

test('cifar10 rejects labels out of range, empty and missing files, and no folder', async (t) => {
  const { root, dir } = cifarDir(t);
  const bad = write(join(dir, 'data_batch_1.bin'), cifarBatch([3, 12]));
  await assert.rejects(
    cifar10.load(parse({ dataDir: root }), ctx()),
    (e: unknown) => e instanceof DatasetError && e.message.startsWith(bad) && /label 12 of record 1 is out of range/.test(e.message),
  );
  const empty = write(join(dir, 'data_batch_1.bin'), '');
  await assert.rejects(cifar10.load(parse({ dataDir: root }), ctx()), (e: unknown) => e instanceof DatasetError && e.message.startsWith(`${empty}: empty`));
  await assert.rejects(
    cifar10.load(parse({ dataDir: join(root, 'missing') }), ctx()),
    (e: unknown) => e instanceof DatasetError && /folder not found/.test(e.message),
  );
  await assert.rejects(cifar10.load(parse({}), ctx()), (e: unknown) => e instanceof DatasetError && /DIVBENCH_CIFAR10_DIR/.test(e.message));
  const { root: root2, dir: dir2 } = cifarDir(t);
  write(join(dir2, 'test_batch.bin'), '');
  const noTest = join(root2, 'only-train');
  write(join(noTest, 'data_batch_1.bin'), cifarBatch([0]));
  await assert.rejects(
    cifar10.load(parse({ dataDir: noTest, batches: [1] }), ctx()),
    (e: unknown) => e instanceof DatasetError && /test_batch\.bin: file not found.*useTest: false/.test(e.message),
  );
  await assert.rejects(
    cifar10.load(parse({ dataDir: noTest, batches: [1, 2] }), ctx()),
    (e: unknown) => e instanceof DatasetError && e.message.startsWith(join(noTest, 'data_batch_2.bin')),
  );
});
