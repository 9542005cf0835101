import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetDefinition } from '../../../src/registry/types.js';
import { blobs } from '../../../src/registry/datasets/blobs.js';
import { moons } from '../../../src/registry/datasets/moons.js';
import { spirals } from '../../../src/registry/datasets/spirals.js';
import { createPrng, mulberry32 } from '../../../src/registry/datasets/prng.js';
import { ctx } from './helpers.js';

const load = (def: DatasetDefinition, params: Record<string, unknown>) => def.load(def.params.parse(params), ctx());

const cases: Array<[DatasetDefinition, Record<string, unknown>, number, number]> = [
  [blobs, { n: 60, classes: 4, d: 3 }, 4, 3],
  [moons, { n: 51 }, 2, 2],
  [spirals, { n: 90, arms: 3 }, 3, 2],
];

for (const [def, params, classes, d] of cases) {
  test(`${def.type}: same seed gives identical arrays and hash; another seed or setting differs`, async () => {
    const a = await load(def, { ...params, seed: 7 });
    const b = await load(def, { ...params, seed: 7 });
    const c = await load(def, { ...params, seed: 8 });
    assert.deepEqual(a.x, b.x);
    assert.deepEqual(a.y, b.y);
    assert.equal(a.hash, b.hash);
    assert.notDeepEqual(a.x, c.x);
    assert.notEqual(a.hash, c.hash);
    const other = await load(def, { ...params, seed: 7, n: (params.n as number) + 3 });
    assert.notEqual(other.hash, a.hash);
    assert.match(a.source, /seed=7/);
  });

  test(`${def.type}: shape, kind, balanced interleaved classes, finite values`, async () => {
    const data = await load(def, params);
    const n = params.n as number;
    assert.equal(data.n, n);
    assert.equal(data.kind, 'tabular');
    assert.deepEqual(data.shape, [d]);
    assert.equal(data.numClasses, classes);
    assert.equal(data.x.length, n * d);
    data.y.forEach((c, i) => assert.equal(c, i % classes));
    assert.ok(data.x.every(Number.isFinite));
  });
}

test('synthetic params: defaults and strictness', () => {
  assert.deepEqual(moons.params.parse({}), { n: 500, noise: 0.1, seed: 0 });
  assert.equal(spirals.params.safeParse({ arm: 3 }).success, false);
  assert.equal(blobs.params.safeParse({ centers: [[0, 0], [1]] }).success, false);
});

test('blobs: explicit centres set classes and d; points scatter with std around them', async () => {
  const data = await load(blobs, {
    n: 4000,
    centers: [
      [0, 0],
      [10, -10],
    ],
    std: 0.5,
  });
  assert.equal(data.numClasses, 2);
  assert.deepEqual(data.shape, [2]);
  let sum = 0;
  let sq = 0;
  for (let i = 1; i < data.n; i += 2) {
    const v = data.x[2 * i] - 10;
    sum += v;
    sq += v * v;
  }
  const m = data.n / 2;
  assert.ok(Math.abs(sum / m) < 0.05);
  assert.ok(Math.abs(Math.sqrt(sq / m) - 0.5) < 0.05);
});

test('moons without noise lie on their arcs', async () => {
  const data = await load(moons, { n: 20, noise: 0 });
  for (let i = 0; i < data.n; i++) {
    const [x, y] = [data.x[2 * i], data.x[2 * i + 1]];
    const r = data.y[i] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
    assert.ok(Math.abs(r - 1) < 1e-6, `example ${i}`);
  }
});

test('prng: mulberry32 is reproducible and uniform-ish; normals have mean 0 and sd 1', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  for (let i = 0; i < 5; i++) assert.equal(a(), b());
  const r = createPrng(1);
  let s = 0;
  let s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = r.normal();
    s += v;
    s2 += v * v;
  }
  assert.ok(Math.abs(s / n) < 0.03);
  assert.ok(Math.abs(Math.sqrt(s2 / n) - 1) < 0.03);
  const u = createPrng(3);
  for (let i = 0; i < 1000; i++) {
    const v = u.next();
    assert.ok(v >= 0 && v < 1);
  }
});
