import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerAnalyze, runAnalyze } from '../../src/commands/analyze.js';
import { PredictionsError, UsageError } from '../../src/errors.js';

const fixture = fileURLToPath(new URL('../fixtures/analysis/predictions.json', import.meta.url));

test('analyze --json on a hand-written predictions.json', async () => {
  const j = JSON.parse(await runAnalyze(fixture, { json: true, bootstrap: 40, seed: 1 }));
  assert.deepEqual(j.models, ['mlp-adam-s0', 'mlp-adam-s1', 'mlp-sgd-s0', 'cnn-adam-s0']);
  assert.equal(j.bootstrap.errorConsistencyMean.resamples, 40);
  assert.equal(j.attribution.errorConsistency.sameRecipeReference.pairs, 1);
  for (const k of ['vendi', 'log2hFixedM', 'curves', 'twoLevel']) assert.ok(k in j, k);
});

test('analyze prints a readable summary', async () => {
  const out = await runAnalyze(fixture, { bootstrap: 0 });
  assert.match(out, /error consistency κ̄/);
  assert.match(out, /sharing .* (raises|lowers) κ_EC by|not identifiable/);
  assert.match(out, /behave like/);
});

test('analyze: a missing path is a UsageError, bad JSON a PredictionsError', async () => {
  await assert.rejects(runAnalyze('/nonexistent/predictions.json', {}), UsageError);
  await assert.rejects(runAnalyze(fileURLToPath(import.meta.url), {}), PredictionsError);
});

test('registerAnalyze adds `analyze <input>` with --json, --bootstrap (default 1000), --seed (default 0) and --dataset', () => {
  const program = new Command();
  registerAnalyze(program);
  const cmd = program.commands.find((c) => c.name() === 'analyze');
  assert.ok(cmd);
  const opts = Object.fromEntries(cmd.options.map((o) => [o.long, o.defaultValue]));
  assert.deepEqual(opts, { '--json': undefined, '--bootstrap': 1000, '--seed': 0, '--dataset': undefined });
});
