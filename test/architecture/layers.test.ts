/** The layering DESIGN.md promises, checked on the import graph of src/. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { areaGraph, findCycles, importGraph, sourceFiles, SRC } from './import-graph.js';

const graph = importGraph();
const areas = areaGraph(graph);

test('store/ (the run-folder format) imports only spec/ and the leaves errors.ts and process-alive.ts', () => {
  assert.deepEqual(
    areas.get('store')?.filter((a) => a !== 'spec' && a !== 'errors.ts' && a !== 'process-alive.ts'),
    [],
  );
});

test('the worker never imports the parent harness (no harness ↔ worker cycle)', () => {
  assert.equal(areas.get('worker')?.includes('harness'), false);
});

test('the import graph is read (every src area is present)', () => {
  for (const a of ['analysis', 'baselines', 'harness', 'registry', 'report', 'spec', 'store', 'worker']) assert.ok(areas.has(a), a);
});

test('no import cycle between files of src/', () => {
  assert.deepEqual(
    findCycles(graph).map((c) => c.join(' → ')),
    [],
  );
});

test('no import cycle between areas of src/ (imports of dependency-free leaf files aside)', () => {
  assert.deepEqual(
    findCycles(areaGraph(graph, { skipLeaves: true })).map((c) => c.join(' → ')),
    [],
  );
});

test('baselines/ does not import report/ (the report adapts baselines, not the reverse)', () => {
  assert.equal(areas.get('baselines')?.includes('report'), false);
});

test('analysis/ is pure: it imports no other area but leaves (errors.ts, spec/random.ts)', () => {
  assert.deepEqual(areaGraph(graph, { skipLeaves: true }).get('analysis'), []);
});

test('src/ holds no fault-injection switches: faults come from fixture programs in test/fixtures/', () => {
  const hits = sourceFiles(SRC)
    .filter((f) => /DIVBENCH_TEST_|injectFault|testKillPoint/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
  assert.deepEqual(hits, []);
});

test('findCycles finds a two-file and a three-file cycle, once each', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['a', 'c']],
    ['c', ['d']],
    ['d', ['e']],
    ['e', ['c']],
  ]);
  assert.deepEqual(findCycles(g), [
    ['a', 'b', 'a'],
    ['c', 'd', 'e', 'c'],
  ]);
});
