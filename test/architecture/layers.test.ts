/** The layering DESIGN.md promises, checked on the import graph of src/. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaGraph, importGraph } from './import-graph.js';

const graph = importGraph();
const areas = areaGraph(graph);

test('store/ (the run-folder format) imports only spec/ and errors.ts', () => {
  assert.deepEqual(areas.get('store')?.filter((a) => a !== 'spec' && a !== 'errors.ts'), []);
});

test('the worker never imports the parent harness (no harness ↔ worker cycle)', () => {
  assert.equal(areas.get('worker')?.includes('harness'), false);
});

test('the import graph is read (every src area is present)', () => {
  for (const a of ['analysis', 'baselines', 'harness', 'registry', 'report', 'spec', 'store', 'worker']) assert.ok(areas.has(a), a);
});
