import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tabular } from '../../../src/registry/datasets/tabular.js';

const root = join(import.meta.dirname, '..', '..', '..');
const ctx = { packageRoot: root, suiteDir: join(root, 'suites'), env: {} };

test('the shipped tabular datasets load by name with their sizes and class names', async () => {
  const expected = {
    iris: [150, 4, ['setosa', 'versicolor', 'virginica']],
    wine: [178, 13, ['class_0', 'class_1', 'class_2']],
    'breast-cancer': [569, 30, ['benign', 'malignant']],
    digits: [1797, 64, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']],
  } as const;
  for (const [name, [n, d, classes]] of Object.entries(expected)) {
    const ds = await tabular.load(tabular.params.parse({ name }), ctx);
    assert.equal(ds.n, n, name);
    assert.deepEqual(ds.shape, [d]);
    assert.deepEqual(ds.classNames, classes);
    assert.equal(ds.kind, 'tabular');
    assert.match(ds.hash, /^sha256:[0-9a-f]{64}$/);
    assert.match(ds.source, new RegExp(`shipped tabular dataset '${name}'`));
    assert.ok(ds.x.every((v) => Number.isFinite(v)));
  }
  const a = await tabular.load(tabular.params.parse({ name: 'iris' }), ctx);
  const b = await tabular.load(tabular.params.parse({ name: 'iris', standardize: true }), ctx);
  assert.notEqual(a.hash, b.hash, 'settings are part of the hash');
  assert.equal((await tabular.load(tabular.params.parse({ name: 'iris', limit: 60 }), ctx)).n, 60);
});

test('tabular params: an unknown name or key is rejected', () => {
  const bad = tabular.params.safeParse({ name: 'penguins' });
  assert.equal(bad.success, false);
  assert.match(JSON.stringify(bad.error?.issues), /iris/);
  assert.equal(tabular.params.safeParse({ name: 'iris', path: 'x.csv' }).success, false);
});
