// Quantised probabilities and names: small tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantizeRow } from '../../src/baselines/manifest/encoding.js';
import { isModelId, nameProblem, staysInside } from '../../src/baselines/manifest/names.js';

test('largest-remainder quantisation sums to the total and stays within one step', () => {
  const cases: number[][] = [
    [1 / 3, 1 / 3, 1 / 3],
    [0.5, 0.5, 0],
    [0.999, 0.0005, 0.0005],
    [0.2, 0.3, 0.5],
    [0.1, 0.1, 0.1, 0.7],
  ];
  for (const p of cases) {
    const out = new Int32Array(p.length);
    quantizeRow(p, 255, out);
    assert.equal(
      out.reduce((a, b) => a + b, 0),
      255,
      String(p),
    );
    p.forEach((v, k) => assert.ok(Math.abs(out[k] / 255 - v) <= 1 / 255 + 1e-12, `${p}: class ${k}`));
  }
  const out = new Int32Array(3);
  quantizeRow([1 / 3, 1 / 3, 1 / 3], 255, out);
  assert.deepEqual([...out], [85, 85, 85]);
});

test('names: kebab-case only, no traversal', () => {
  const table: [string, RegExp | null][] = [
    ['wasm-2026-01', null],
    ['../evil', /path traversal/],
    ['a/b', /path traversal/],
    ['Upper', /not kebab-case/],
    ['double--dash', /not kebab-case/],
    ['', /not kebab-case/],
  ];
  for (const [name, want] of table) {
    const p = nameProblem('baseline name', name);
    if (want === null) assert.equal(p, null, name);
    else assert.match(p ?? '', want, name);
  }
  assert.ok(isModelId('blobs.mlp.adam.s1'));
  assert.ok(!isModelId('blobs..mlp'));
  assert.ok(!isModelId('../x'));
  assert.ok(staysInside('/a/b', 'models/x.arrow'));
  assert.ok(!staysInside('/a/b', '../b/models/x.arrow'));
  assert.ok(!staysInside('/a/b', '/etc/passwd'));
});
