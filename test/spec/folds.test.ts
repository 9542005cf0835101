import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignFolds, foldHash, probeIndices, splitIndices } from '../../src/spec/folds.js';

function labels(counts: number[]): Int32Array {
  const out: number[] = [];
  counts.forEach((c, cls) => {
    for (let i = 0; i < c; i++) out.push(cls);
  });
  // interleave so classes are not contiguous
  return Int32Array.from(
    out
      .map((v, i) => [v, (i * 7919) % out.length] as const)
      .sort((a, b) => a[1] - b[1])
      .map(([v]) => v),
  );
}

const table: Array<{ counts: number[]; k: number }> = [
  { counts: [50, 50, 50], k: 3 },
  { counts: [100, 10, 7], k: 5 },
  { counts: [33, 34], k: 10 },
  { counts: [3, 3, 3, 3], k: 2 },
];

for (const { counts, k } of table) {
  test(`stratified ${k}-fold over classes [${counts}]: every example held out exactly once, balanced`, () => {
    const y = labels(counts);
    const fold = assignFolds(y, { k, seed: 42 });
    const seen = new Int32Array(y.length);
    const sizes: number[] = [];
    for (let f = 0; f < k; f++) {
      const { train, heldOut } = splitIndices(fold, f);
      assert.equal(train.length + heldOut.length, y.length);
      heldOut.forEach((i) => seen[i]++);
      sizes.push(heldOut.length);
      counts.forEach((_, cls) => {
        const inFold = heldOut.filter((i) => y[i] === cls).length;
        assert.ok(Math.abs(inFold - counts[cls] / k) < 1, `class ${cls} has ${inFold} in fold ${f}, expected ≈${counts[cls] / k}`);
      });
    }
    assert.ok(seen.every((v) => v === 1));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
  });
}

test('same seed → same folds; another seed or repeat → different folds', () => {
  const y = labels([40, 40]);
  const a = assignFolds(y, { k: 4, seed: 1 });
  assert.deepEqual(assignFolds(y, { k: 4, seed: 1 }), a);
  assert.equal(foldHash(assignFolds(y, { k: 4, seed: 1 })), foldHash(a));
  assert.notDeepEqual(assignFolds(y, { k: 4, seed: 2 }), a);
  assert.notDeepEqual(assignFolds(y, { k: 4, seed: 1, repeat: 1 }), a);
});

test('unstratified folds still cover every example once', () => {
  const fold = assignFolds(new Int32Array(23), { k: 5, seed: 3, stratified: false });
  const sizes = [0, 0, 0, 0, 0];
  fold.forEach((f) => sizes[f]++);
  assert.deepEqual(sizes.sort(), [4, 4, 5, 5, 5]);
});

test('bad k is rejected', () => {
  assert.throws(() => assignFolds(new Int32Array(5), { k: 1, seed: 0 }), RangeError);
  assert.throws(() => assignFolds(new Int32Array(3), { k: 4, seed: 0 }), RangeError);
});

test('probe subset is a fixed, sorted subset of the held-out fold', () => {
  const heldOut = Int32Array.from({ length: 50 }, (_, i) => i * 2);
  const p = probeIndices(heldOut, { size: 10, seed: 0, repeat: 0, fold: 1 });
  assert.equal(p.length, 10);
  assert.deepEqual(p, probeIndices(heldOut, { size: 10, seed: 0, repeat: 0, fold: 1 }));
  assert.ok(p.every((v) => heldOut.includes(v)));
  assert.ok(p.every((v, i) => i === 0 || v > p[i - 1]));
  assert.equal(probeIndices(heldOut, { size: 100, seed: 0, repeat: 0, fold: 1 }).length, 50);
});
