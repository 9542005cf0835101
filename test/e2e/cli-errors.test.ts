// What a user sees on bad input: one clear error, exit code 2, no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';

const dir = tempDir('cli');
const suite = (body: string) => {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, body);
  return f;
};
const BASE =
  'name: x\ndatasets: [{ type: blobs }]\narchitectures: [{ type: linear }]\noptimizers: [{ type: sgd }]\nseeds: [1]\nprotocol: { folds: 2, epochs: 1, batchSize: 8 }\n';

const cases: Array<[string, string[], RegExp]> = [
  ['missing suite file', ['run', 'nope.yaml'], /error\[suite-invalid\]: nope\.yaml: file not found/],
  [
    'unknown optimizer',
    ['validate', suite(BASE.replace('type: sgd', 'type: adamw'))],
    /Unknown optimizer 'adamw'\. Known: sgd, momentum, adam, adagrad, rmsprop at optimizers\[0\]\.type \(.*:4\)/,
  ],
  ['YAML syntax error', ['run', suite(`${BASE}seeds: [1\n`)], /YAML syntax error \(.*:\d+:\d+\)/],
  ['bad backend', ['run', 'suites/smoke.yaml', '--backend', 'tpu'], /argument 'tpu' is invalid\. Allowed choices are auto, tensorflow, webgpu, wasm, cpu/],
  ['bad --jobs', ['run', 'suites/smoke.yaml', '--jobs', 'many'], /--jobs must be a positive integer/],
  ['unknown command', ['trian'], /unknown command 'trian'/],
  ['report of a non-run folder', ['report', dir], /is not a divbench run folder/],
  [
    'corrupt dataset file',
    ['run', suite(BASE.replace('{ type: blobs }', '{ type: csv, params: { path: missing.csv, label: y } }')), '--out', dir],
    /error\[dataset-invalid\]/,
  ],
];

// An explicit backend that does not work here stops the run at its first cell (exit 2), naming the fix.
let nodeGpu = true;
try {
  createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
} catch {
  nodeGpu = false;
}
if (!nodeGpu)
  cases.push([
    '--backend tensorflow without tfjs-node-gpu',
    ['run', suite(BASE), '--backend', 'tensorflow', '--out', dir, '--no-report'],
    /error\[backend-unavailable\]: Backend 'tensorflow' is not available\. Tried tensorflow: @tensorflow\/tfjs-node-gpu is not installed\. Fix: install it with `npm install @tensorflow\/tfjs-node-gpu@4\.22\.0`.*\. The run stopped; 0 cell result\(s\)/s,
  ]);

for (const [name, args, expect] of cases) {
  test(`cli: ${name} → exit 2 with a clear message`, () => {
    const r = cli(args);
    assert.equal(r.code, 2, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.match(r.stderr, expect);
    assert.doesNotMatch(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  });
}

test('cli: --help explains itself', () => {
  const r = cli(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['run', 'validate', 'list', 'report', 'Examples']) assert.match(r.stdout, new RegExp(word));
});

test('cli: validate prints the cell count (singular where 1) and which data each dataset resolves to', () => {
  const r = cli(['validate', 'suites/fashion-mnist.yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /21 cells \(1 dataset × \(3 architectures × 3 optimizers \+ 2 models\) × 2 seeds, filtered\)/);
  assert.match(r.stdout, /\n {2}fashion-mnist: shipped 10k test split at .*suites\/data\/fashion-mnist as the pool, no test split\n/);
  const auto = join(tempDir('validate-auto'), 'auto.yaml');
  writeFileSync(
    auto,
    'name: auto\ndatasets:\n  - type: fashion-mnist\n    params: { limit: 2000 }\narchitectures: [{ type: linear }]\noptimizers: [{ type: sgd }]\nseeds: [1]\nprotocol: { folds: 2, epochs: 1, batchSize: 8 }\n',
  );
  const a = cli(['validate', auto], { env: { DIVBENCH_DATA_DIR: '' } });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /1 cell \(1 dataset × 1 architecture × 1 optimizer × 1 seed\)/);
  assert.match(
    a.stdout,
    /fashion-mnist: (full Debian set at \/usr\/share\/datasets\/fashion-mnist, 60k train pool \+ 10k official test \(variant auto found it\)|shipped 10k test split .* \(variant auto: no full set in \/usr\/share\/datasets\/fashion-mnist\)); limit 2000/,
  );
});

test('cli: list shows components with params', () => {
  const r = cli(['list']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /learningRate/);
  assert.match(r.stdout, /fashion-mnist/);
});
