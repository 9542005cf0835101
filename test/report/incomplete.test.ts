import { test } from 'node:test';
import assert from 'node:assert/strict';
import { incompleteRun } from '../../src/report/sections/header.js';
import { buildReport } from '../../src/report/view-model.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { syntheticReportInput } from './synthetic-run.js';

test('a complete, finished run has no banner', () => {
  const input = syntheticReportInput({ datasets: 2, architectures: 2, optimizers: 2, seeds: 2, examples: 60 });
  assert.equal(incompleteRun(input.run), null);
  assert.match(buildReport(input, { bootstrap: 0 }).header.protocol, / 16 cells \(2 datasets × 2 architectures × 2 optimizers × 2 seeds\)/);
});

test('a partial merge names the missing cells; a killed run says it did not finish', () => {
  const input = syntheticReportInput({ datasets: 2, architectures: 2, optimizers: 2, seeds: 2, examples: 60 });
  const kept = input.run.results.filter((_, i) => i % 2 === 0);
  const partial = { ...input, run: { ...input.run, results: kept, env: { ...input.run.env!, mergedFrom: [{}, {}] } } };
  const banner = incompleteRun(partial.run);
  assert.ok(banner);
  assert.equal(banner.title, 'Incomplete run: 8 cells missing');
  assert.deepEqual(
    banner.missing,
    input.run.results.filter((_, i) => i % 2 === 1).map((r) => r.cellId),
  );
  assert.match(banner.lines.join(' '), /8 cells of the 16 of suite 'synthetic' have a result/);
  assert.match(banner.lines.join(' '), /Merged from 2 runs/);
  const view = buildReport(partial, { bootstrap: 0 });
  assert.match(view.header.protocol, / 8 of 16 cells \(/);
  assert.match(renderMarkdown(view), /\*\*Incomplete run: 8 cells missing\.\*\*.*Missing: data-0\.arch-0\.opt-0\.s2/);

  const killed = incompleteRun({ ...input.run, finishedAt: null, results: input.run.results.slice(0, 15) });
  assert.ok(killed);
  assert.match(killed.lines.join(' '), /did not finish/);
  assert.deepEqual(killed.missing, [input.run.results[15].cellId]);
});

test('a shard expects only its part of the matrix', () => {
  const input = syntheticReportInput({ datasets: 1, architectures: 2, optimizers: 2, seeds: 2, examples: 60 });
  const shard = input.run.results.filter((_, j) => j % 2 === 1);
  assert.equal(incompleteRun({ ...input.run, results: shard, env: { ...input.run.env!, shard: { index: 2, count: 2, source: 'cli' } } }), null);
  const short = incompleteRun({ ...input.run, results: shard.slice(1), env: { ...input.run.env!, shard: { index: 2, count: 2, source: 'cli' } } });
  assert.ok(short);
  assert.deepEqual(short.missing, [shard[0].cellId]);
  assert.match(short.lines[0], /shard 2\/2/);
});
