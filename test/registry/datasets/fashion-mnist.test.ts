import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError } from '../../../src/errors.js';
import { createFashionMnist, fashionMnist, FASHION_MNIST_CLASSES, SYSTEM_FASHION_MNIST_DIR } from '../../../src/registry/datasets/fashion-mnist.js';
import { ctx, tempDir, writeSplit } from './helpers.js';

/** A sandbox with four candidate sources of different sizes, so `n` tells which one was used. */
function sandbox(t: Parameters<typeof tempDir>[0]) {
  const root = tempDir(t);
  const packageRoot = join(root, 'pkg');
  writeSplit(join(packageRoot, 'suites/data/fashion-mnist'), 't10k', 5);
  const systemDir = join(root, 'system');
  writeSplit(systemDir, 'train', 8);
  writeSplit(systemDir, 't10k', 4);
  const envDir = join(root, 'env');
  writeSplit(envDir, 'train', 6, { gzip: false });
  writeSplit(envDir, 't10k', 3, { gzip: false });
  const suiteDir = join(root, 'suites');
  writeSplit(join(root, 'user-data'), 'train', 7);
  writeSplit(join(root, 'user-data'), 't10k', 2);
  return { root, packageRoot, systemDir, envDir, suiteDir };
}

const parse = (p: unknown) => fashionMnist.params.parse(p);

test('fashion-mnist resolves dataDir, then DIVBENCH_DATA_DIR, then the system folder, then the shipped split', async (t) => {
  const s = sandbox(t);
  const env = { DIVBENCH_DATA_DIR: s.envDir };
  const cases: Array<[string, Record<string, unknown>, NodeJS.ProcessEnv, string | undefined, number, number | undefined, RegExp]> = [
    ['dataDir (relative to the suite)', { dataDir: '../user-data' }, env, s.systemDir, 7, 2, /user-data \(from the dataDir param\)/],
    ['DIVBENCH_DATA_DIR', {}, env, s.systemDir, 6, 3, /env \(from DIVBENCH_DATA_DIR\)/],
    ['system folder', {}, {}, s.systemDir, 8, 4, /dataset-fashion-mnist/],
    ['shipped split', {}, {}, join(s.root, 'absent'), 5, undefined, /shipped 10k test split/],
    ["variant 'shipped'", { variant: 'shipped' }, env, s.systemDir, 5, undefined, /shipped/],
    ['useTest: false', { useTest: false }, {}, s.systemDir, 8, undefined, /no test split/],
    ['limit (pool only)', { limit: 3 }, env, s.systemDir, 3, 3, /DIVBENCH_DATA_DIR/],
  ];
  for (const [name, params, envVars, systemDir, n, testN, source] of cases) {
    const d = createFashionMnist({ systemDir });
    const data = await d.load(parse(params), ctx({ packageRoot: s.packageRoot, suiteDir: s.suiteDir, env: envVars }));
    assert.equal(data.n, n, name);
    assert.equal(data.test?.n, testN, name);
    assert.match(data.source, source, name);
    assert.equal(data.x.length, n * 784, name);
    assert.deepEqual(data.shape, [28, 28, 1]);
    assert.equal(data.kind, 'image');
    assert.deepEqual(data.classNames, [...FASHION_MNIST_CLASSES]);
    assert.match(data.hash, /^sha256:[0-9a-f]{64}$/);
  }
});

test('fashion-mnist: an explicit folder lacking files is an error, not a fallback', async (t) => {
  const s = sandbox(t);
  const def = createFashionMnist({ systemDir: s.systemDir });
  const c = ctx({ packageRoot: s.packageRoot, suiteDir: s.suiteDir });
  await assert.rejects(
    def.load(parse({ dataDir: 'nowhere' }), c),
    (e: unknown) => e instanceof DatasetError && e.message.includes(join(s.suiteDir, 'nowhere')) && /missing train-images-idx3-ubyte\[\.gz\]/.test(e.message),
  );
  const envOnlyTrain = join(s.root, 'only-train');
  writeSplit(envOnlyTrain, 'train', 4);
  await assert.rejects(
    def.load(parse({}), ctx({ ...c, env: { DIVBENCH_DATA_DIR: envOnlyTrain } })),
    (e: unknown) => e instanceof DatasetError && /DIVBENCH_DATA_DIR/.test(e.message) && /t10k-images/.test(e.message) && /useTest: false/.test(e.message),
  );
  const none = createFashionMnist({ systemDir: join(s.root, 'absent') });
  await assert.rejects(none.load(parse({ variant: 'full' }), c), (e: unknown) => e instanceof DatasetError && /variant 'full'/.test(e.message));
  await assert.rejects(
    none.load(parse({}), ctx({ packageRoot: join(s.root, 'empty-pkg') })),
    (e: unknown) => e instanceof DatasetError && /shipped with divbench are missing/.test(e.message),
  );
});

test('fashion-mnist hash: gzip and raw copies of the same data agree; different data differs', async (t) => {
  const root = tempDir(t);
  for (const [dir, gzip] of [
    ['gz', true],
    ['raw', false],
  ] as const) {
    writeSplit(join(root, dir), 'train', 6, { gzip });
    writeSplit(join(root, dir), 't10k', 3, { gzip });
  }
  writeSplit(join(root, 'other'), 'train', 7);
  writeSplit(join(root, 'other'), 't10k', 3);
  const def = createFashionMnist({ systemDir: join(root, 'absent') });
  const hash = async (dataDir: string, extra: object = {}) => (await def.load(parse({ dataDir, ...extra }), ctx({ suiteDir: root }))).hash;
  assert.equal(await hash('gz'), await hash('raw'));
  assert.notEqual(await hash('gz'), await hash('other'));
  assert.notEqual(await hash('gz'), await hash('gz', { limit: 2 }));
  assert.notEqual(await hash('gz'), await hash('gz', { useTest: false }));
});

test('fashion-mnist params: strict, with defaults, shipped excludes dataDir', () => {
  assert.deepEqual(parse({}), { variant: 'auto', useTest: true });
  assert.equal(fashionMnist.params.safeParse({ datadir: 'x' }).success, false);
  assert.equal(fashionMnist.params.safeParse({ variant: 'shipped', dataDir: 'x' }).success, false);
  assert.equal(fashionMnist.params.safeParse({ limit: 0 }).success, false);
});

const packageRoot = resolve(import.meta.dirname, '../../..');

test('the shipped 10k Fashion-MNIST split loads: 1000 images per class, stable hash', async () => {
  const data = await fashionMnist.load(parse({ variant: 'shipped' }), ctx({ packageRoot }));
  assert.equal(data.n, 10000);
  assert.equal(data.test, undefined);
  assert.equal(data.x.length, 10000 * 784);
  const counts = new Array(10).fill(0);
  for (const c of data.y) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(1000));
  let min = Infinity;
  let max = -Infinity;
  for (const v of data.x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
  assert.equal(data.y[0], 9); // the first test image is an ankle boot
  assert.equal(data.hash, 'sha256:b077f01bcbb147a99336d0e7b03709814456a78737f13e371d6a96c2758e0f89');
});

test(
  "the full Fashion-MNIST set loads from Debian's package when installed",
  { skip: !existsSync(SYSTEM_FASHION_MNIST_DIR) && 'dataset-fashion-mnist not installed' },
  async () => {
    const data = await fashionMnist.load(parse({ variant: 'full' }), ctx({ packageRoot }));
    assert.equal(data.n, 60000);
    assert.equal(data.test?.n, 10000);
    assert.equal(data.x.length, 60000 * 784);
  },
);
