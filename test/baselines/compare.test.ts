// compare: a run against its own baseline and a reseeded copy pass; a degraded cell is a regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRun } from '../../src/baselines/compare.js';
import { formatCompareMarkdown, formatCompareText } from '../../src/baselines/compare-format.js';
import { requireVerifiedBaseline } from '../../src/baselines/verify.js';
import { DEFAULT_CELLS, makeFixtureRun } from './fixture-run.js';
import { fixtureBaseline, tmp } from './helpers.js';

const OPTIONS = { rope: 0.01, confidence: 0.95, resamples: 100, seed: 0 };

test('compare: the same run and a reseeded run pass; a degraded cell fails', async () => {
  const { run, dir } = await fixtureBaseline();
  const base = await requireVerifiedBaseline(dir);

  const same = compareRun(run, base, OPTIONS);
  assert.deepEqual(same.regressions, []);
  assert.equal(same.cells.filter((c) => c.status === 'compared').length, 4);
  assert.ok(same.cells.every((c) => c.metrics.every((m) => m.verdict === 'equivalent')));
  assert.equal(same.hardware.match, true);
  assert.ok(same.cells.every((c) => c.throughput?.trainRatio === 1));
  const ec = same.datasets[0].deltas.find((d) => d.index === 'error-consistency')!;
  assert.equal(ec.delta.estimate, 0);

  const reseeded = compareRun(await makeFixtureRun(tmp('reseeded'), DEFAULT_CELLS, { noise: 1, fingerprint: 'other' }), base, OPTIONS);
  assert.deepEqual(reseeded.regressions, [], formatCompareText(reseeded));
  assert.equal(reseeded.hardware.match, false);
  assert.ok(reseeded.cells.every((c) => c.throughput === null));
  assert.match(formatCompareMarkdown(reseeded), /⚠️ not compared: the hardware fingerprint differs/);

  const degradedCells = DEFAULT_CELLS.map((c) => (c.architecture === 'mlp' && c.optimizer === 'sgd' ? { ...c, accuracy: 0.6 } : c));
  const degraded = compareRun(await makeFixtureRun(tmp('degraded'), degradedCells), base, OPTIONS);
  assert.equal(degraded.regressions.length, 1, formatCompareText(degraded)); // the fixture's train accuracy follows held-out, so the gap holds
  assert.match(degraded.regressions[0], /^blobs\.mlp\.sgd\.s1: held-out accuracy fell from 0\.9\d+ to 0\.\d+ \(P\(worse by more than 0\.01\) = /);
  const md = formatCompareMarkdown(degraded);
  assert.match(md, /❌ 1 significant regression\(s\) beyond the ROPE/);
  assert.match(md, /\| `blobs\.mlp\.sgd\.s1` \| 0\.\d+ \/ 0\.9\d+ \| -0\.\d+ \| [\d.]+ \| [\d.]+% \/ [\d.]+% \/ [\d.]+% ❌ regression/);
  assert.match(md, /### Homogenization on `blobs`/);
});
