import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasets, getDataset } from '../../../src/registry/datasets/index.js';

test('the dataset registry lists every dataset under its type', () => {
  assert.deepEqual(Object.keys(datasets).sort(), [
    'blobs',
    'cifar10',
    'csv',
    'fashion-mnist',
    'mnist',
    'moons',
    'sequence-file',
    'spirals',
    'tabular',
    'token-motifs',
  ]);
  for (const [type, def] of Object.entries(datasets)) assert.equal(def.type, type);
  assert.equal(getDataset('moons'), datasets.moons);
  assert.equal(getDataset('toString'), undefined);
  assert.equal(getDataset('imagenet'), undefined);
});

test('every dataset param is described (divbench list prints them) and unknown params are rejected', () => {
  for (const def of Object.values(datasets)) {
    const shape = (def.params as unknown as { shape: Record<string, { description?: string }> }).shape;
    for (const [key, schema] of Object.entries(shape)) assert.ok(schema.description, `${def.type}.${key} has no description`);
    assert.ok(['image', 'tabular', 'sequence'].includes(def.kind));
    assert.ok(def.summary.length > 10);
    assert.equal(def.params.safeParse({ path: 'x.csv', notAParam: 1 }).success, false, def.type);
  }
});
