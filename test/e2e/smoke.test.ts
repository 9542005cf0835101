// End to end: the smoke suite through the built CLI, trained here and compared with the shared
// smoke fixture (identical predictions on the cpu backend), then a report re-render from files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllResults } from '../../src/store/run-dir.js';
import { readColumns } from '../../src/store/arrow-file.js';
import { smokeRunCopy } from '../fixtures/smoke-run.js';
import { cli, onlyRun, tempDir } from './helpers.js';

test('smoke suite runs end to end and reproduces exactly on the cpu backend', { timeout: 600_000 }, () => {
  // run a: trained here, with its report; run b: the shared smoke fixture, trained the same way
  // without a report (test/fixtures/smoke-run.ts) — two independent trainings to compare.
  const outA = tempDir('smoke-a');
  const r = cli(['run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', outA]);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  const runs = [onlyRun(outA, 'smoke'), smokeRunCopy('smoke-b').run];
  const [a, b] = runs.map((dir) => readAllResults(dir));
  assert.equal(a.length, 16);
  for (const r of a) {
    assert.equal(r.state, 'completed', r.cellId);
    if (r.state !== 'completed') continue;
    assert.equal(r.backend?.name, 'cpu');
    assert.equal(r.folds.length, 3);
    assert.ok(r.summary.heldOutAccuracy.mean > 0.5, `${r.cellId} accuracy ${r.summary.heldOutAccuracy.mean}`);
    for (const f of r.folds) assert.ok(Math.abs(f.gap - (f.train.accuracy - f.heldOut.accuracy)) < 1e-12);
    // every example has exactly one out-of-fold prediction
    const cols = readColumns(join(runs[0], 'cells', r.cellId, 'predictions.arrow')).columns;
    assert.equal(cols.index.length, 300);
    assert.deepEqual(
      [...cols.index].sort((x, y) => x - y),
      Array.from({ length: 300 }, (_, i) => i),
    );
  }
  a.forEach((r, i) => {
    const s = b[i];
    assert.equal(s.cellId, r.cellId);
    assert.ok(r.state === 'completed' && s.state === 'completed');
    assert.equal(s.files.predictions.sha256, r.files.predictions.sha256, `${r.cellId}: predictions differ between two identical runs`);
    assert.equal(s.files.features?.sha256, r.files.features?.sha256, `${r.cellId}: features differ`);
    assert.deepEqual(
      s.folds.map((f) => f.lossCurve),
      r.folds.map((f) => f.lossCurve),
    );
  });
  // same folds for every cell of a dataset
  const blobs = a.filter((r) => r.cell.dataset.id === 'blobs');
  assert.equal(new Set(blobs.map((r) => r.dataset?.foldHashes[0])).size, 1);

  const html = readFileSync(join(runs[0], 'index.html'), 'utf8');
  assert.match(html, /<table class="leaderboard/);
  assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/, 'the report must not reference the network');
  const out = join(tempDir('report'), 'r.html');
  const rerender = cli(['report', runs[0], '--out', out]);
  assert.equal(rerender.code, 0, rerender.stderr);
  assert.ok(existsSync(out));
});
