import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { describeParamIssue, describeValueIssue } from '../../src/spec/param-issue.js';

const schema = z
  .object({
    trees: z.number().int().min(1).default(100).describe('number of trees'),
    hidden: z.array(z.number().int().positive()).min(1).default([256]).describe('units per hidden layer'),
    activation: z.enum(['relu', 'tanh']).default('relu'),
    rate: z.number().max(0.95).default(0),
    folds: z.number().int().min(2, 'folds must be at least 2'),
  })
  .partial({ folds: true })
  .strict();

function first(params: Record<string, unknown>): string {
  const r = schema.safeParse(params);
  assert.ok(!r.success);
  return describeParamIssue(r.error.issues[0], schema, params, "model family 'random-forest'");
}

test('a parameter problem says what it is, what it must be, what was given and the fix', () => {
  assert.equal(
    first({ trees: 0 }),
    "'trees' (number of trees) must be ≥ 1, got 0: set it to a value ≥ 1, or leave it out for the default (100) (model family 'random-forest')",
  );
  assert.match(
    first({ trees: 2.5 }),
    /^'trees' \(number of trees\) must be an integer, got 2\.5: set it to an integer, or leave it out for the default \(100\)/,
  );
  assert.match(first({ trees: '7' }), /must be a number, got "7" \(a quoted number is a string in YAML: remove the quotes\)/);
  assert.match(first({ rate: 2 }), /^'rate' must be ≤ 0\.95, got 2: set it to a value ≤ 0\.95, or leave it out for the default \(0\)/);
  assert.match(first({ hidden: [] }), /^'hidden' \(units per hidden layer\) must be a list of at least 1 item, got \[\]/);
  // an element of a list: its own path, no default of its own
  assert.equal(first({ hidden: [64, 0] }), "'hidden[1]' (in units per hidden layer) must be > 0, got 0: set it to a value > 0 (model family 'random-forest')");
  assert.match(first({ activation: 'gelu' }), /^'activation' must be one of "relu", "tanh", got "gelu"/);
  // a schema's own message is kept, with the value given
  assert.match(first({ folds: 1 }), /^folds must be at least 2 \(got 1\)/);
  // a refinement's message passes through untouched (no component suffix)
  assert.equal(describeParamIssue({ code: 'custom', path: ['x'], message: "Unknown architecture 'mlpp'" }, schema, {}, 'x'), "Unknown architecture 'mlpp'");
});

test('a suite-level value names its YAML path and the value given', () => {
  const s = z.object({ protocol: z.object({ batchSize: z.number().int().min(1) }) });
  const doc = { protocol: { batchSize: 0 } };
  const r = s.safeParse(doc);
  assert.ok(!r.success);
  assert.equal(describeValueIssue(r.error.issues[0], doc), "'protocol.batchSize' must be ≥ 1, got 0: set it to a value ≥ 1");
});

test('a suite with many problems lists the first 20 and says how many more', async () => {
  const { parseSuite } = await import('../../src/spec/load-suite.js');
  const { SuiteError } = await import('../../src/errors.js');
  const keys = Array.from({ length: 30 }, (_, i) => `  junk${i}: 1`).join('\n');
  const text = `name: x\ndatasets: [{ type: blobs }]\nmodels: [{ type: knn }]\nseeds: [1]\nprotocol:\n  folds: 3\n  epochs: 1\n  batchSize: 8\n${keys}\n`;
  assert.throws(
    () => parseSuite(text, '/tmp/x.yaml', 'x.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof SuiteError);
      assert.equal(e.issues.length, 30);
      assert.equal(e.message.split('\n  - ').length - 1, 20);
      assert.match(e.message, /… and 10 more \(fix these first/);
      return true;
    },
  );
  // a parser that gives up on deep nesting says so, once
  assert.throws(
    () => parseSuite(`a: ${'['.repeat(5000)}\n`, '/tmp/y.yaml', 'y.yaml'),
    (e: unknown) => e instanceof SuiteError && /nesting too deep to parse/.test(e.message) && e.issues.length <= 3,
  );
});

test('ids that name a built-in JavaScript property are refused everywhere ids key objects', async () => {
  const { parseSuite } = await import('../../src/spec/load-suite.js');
  const { validatePredictionsInput } = await import('../../src/analysis/predictions-input.js');
  const { isModelId } = await import('../../src/baselines/manifest/names.js');
  const suite = (name: string, id: string) =>
    `name: ${name}\ndatasets: [{ type: blobs }]\nmodels: [{ type: knn, id: ${id} }]\nseeds: [1]\nprotocol: { folds: 3, epochs: 1, batchSize: 8 }\n`;
  assert.throws(() => parseSuite(suite('s', 'constructor'), '/tmp/s.yaml', 's.yaml'), /built-in JavaScript property name.* at models\[0\]\.id/);
  assert.throws(() => parseSuite(suite('constructor', 'k'), '/tmp/s.yaml', 's.yaml'), /built-in JavaScript property name.* at name/);
  for (const id of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
    const raw = JSON.parse(`{"labels":[0,1],"numClasses":2,"models":{"${id}":{"pred":[0,1]},"b":{"pred":[1,1]}}}`);
    assert.throws(() => validatePredictionsInput(raw, 'p.json'), new RegExp(`'${id}' cannot be a model id`), id);
  }
  assert.equal(isModelId('fashion-mnist.constructor.s1'), false);
  assert.equal(isModelId('fashion-mnist.mlp.adam.s1'), true);
});
