// External baselines: scikit-learn OOF predictions (test/fixtures/baselines/sklearn-blobs.json,
// written by scripts/external-baseline-example.py on folds from `divbench folds`) are submitted,
// verified and loaded for the report with their diversity contribution to a run's matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { draftFromExternal } from '../../src/baselines/submit-external.js';
import { exportFolds } from '../../src/baselines/fold-export.js';
import { diversityContribution } from '../../src/analysis/diversity-contribution.js';
import { loadBaselines, mergePredictions } from '../../src/baselines/load-baselines.js';
import { verifyBaseline } from '../../src/baselines/verify.js';
import { writeBaseline } from '../../src/baselines/manifest/write.js';
import { draftFromRun } from '../../src/baselines/submit-run.js';
import { loadRunDatasets } from '../../src/store/read-predictions.js';
import { loadSuite } from '../../src/spec/load-suite.js';
import { SMOKE } from './fixture-run.js';
import { fixtureBaseline, tmp } from './helpers.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/baselines/sklearn-blobs.json');

test('divbench folds exports the folds the fixture predictions were made on', async () => {
  const e = await exportFolds(loadSuite(SMOKE), 'blobs', { data: true });
  const fx = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  assert.deepEqual(fx.folds, e.folds);
  assert.deepEqual(fx.labels, e.labels);
  assert.equal(e.k, 3);
  assert.equal(e.x!.length, 300);
  assert.equal(e.x![0].length, 4);
  assert.match(e.labelsHash, /^sha256:/);
});

test('an external predictions file is submitted, verified and loaded as external', async () => {
  const { run, root } = await fixtureBaseline('fixture');
  writeBaseline(root, await draftFromExternal({ file: FIXTURE, suite: SMOKE, name: 'sklearn', dataset: 'blobs' }));
  const dir = join(root, 'smoke', 'sklearn');
  assert.deepEqual((await verifyBaseline(dir)).problems, []);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(m.kind, 'external');
  assert.ok(m.models.every((x: { external: boolean }) => x.external));
  assert.match(m.provenance.source, /^external: scikit-learn/);

  const { baselines, invalid } = await loadBaselines(root, 'smoke');
  assert.deepEqual(invalid, []);
  assert.deepEqual(
    baselines.map((b) => b.name),
    ['fixture', 'sklearn'],
  );
  const ext = baselines[1].datasets[0];
  assert.deepEqual(
    ext.rows.map((r) => [r.key, r.external, r.gap]),
    [
      ['baseline:sklearn/sklearn-logreg', true, null],
      ['baseline:sklearn/sklearn-knn', true, null],
    ],
  );
  assert.ok(ext.rows[0].heldOutAccuracy.mean > 0.9);

  const runData = loadRunDatasets(run)[0].predictions;
  const merged = mergePredictions(runData, ext);
  assert.equal(merged.ids.length, runData.ids.length + 2);
  const c = diversityContribution(runData, ext, { resamples: 50 });
  assert.equal(c.perModel.length, 2);
  assert.ok(c.after.oracle! >= c.before.oracle!, 'adding models never lowers oracle accuracy');
  assert.equal(c.change.oracle, c.after.oracle! - c.before.oracle!);
  assert.ok(c.changeCi!['error-consistency'].lo !== null);
});

test('external predictions on other folds or labels are refused', async () => {
  const fx = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const dir = tmp('ext');
  const wrongFolds = join(dir, 'folds.json');
  writeFileSync(wrongFolds, JSON.stringify({ ...fx, folds: fx.folds.map((f: number) => (f + 1) % 3) }));
  await assert.rejects(
    draftFromExternal({ file: wrongFolds, suite: SMOKE, name: 'x', dataset: 'blobs' }),
    /folds\[0\] is \d, the suite's fold assignment says \d: predictions must come from the exported folds/,
  );
  const wrongLabels = join(dir, 'labels.json');
  writeFileSync(wrongLabels, JSON.stringify({ ...fx, labels: fx.labels.map((y: number) => (y + 1) % 3) }));
  await assert.rejects(draftFromExternal({ file: wrongLabels, suite: SMOKE, name: 'x', dataset: 'blobs' }), /labels\[0\] is \d, dataset 'blobs' says \d/);
  const badId = join(dir, 'id.json');
  writeFileSync(badId, JSON.stringify({ ...fx, models: { 'My Model': fx.models['sklearn-knn'] } }));
  await assert.rejects(draftFromExternal({ file: badId, suite: SMOKE, name: 'x', dataset: 'blobs' }), /model id 'My Model' is not kebab-case/);
});

test('the loader lists an invalid baseline instead of loading it', async () => {
  const { run, root } = await fixtureBaseline('good');
  const { dir } = writeBaseline(root, draftFromRun(run, 'bad').draft);
  writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 9}');
  const { baselines, invalid } = await loadBaselines(root, 'smoke');
  assert.deepEqual(
    baselines.map((b) => b.name),
    ['good'],
  );
  assert.equal(invalid.length, 1);
  assert.match(invalid[0].problems[0], /schemaVersion 9 is not supported/);
});
