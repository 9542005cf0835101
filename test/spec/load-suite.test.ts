import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiteError } from '../../src/errors.js';
import { loadSuite, parseSuite } from '../../src/spec/load-suite.js';

const GOOD = `name: t
datasets:
  - type: blobs
    params: { n: 60 }
architectures:
  - type: mlp
optimizers:
  - type: sgd
  - type: adam
seeds: [1]
protocol:
  folds: 3
  epochs: 1
  batchSize: 16
`;

function problems(text: string): string[] {
  try {
    parseSuite(text, '/x/suites/t.yaml', 'suites/t.yaml');
  } catch (e) {
    assert.ok(e instanceof SuiteError, `expected SuiteError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    return e.issues;
  }
  assert.fail('suite was accepted');
}

test('a valid suite resolves ids, params defaults and the timeout', () => {
  const s = parseSuite(GOOD, '/x/suites/t.yaml', 'suites/t.yaml');
  assert.deepEqual(
    s.optimizers.map((o) => o.id),
    ['sgd', 'adam'],
  );
  assert.equal(s.optimizers[0].params.learningRate, 0.1);
  assert.equal(s.protocol.timeoutMs, 30 * 60 * 1000);
  assert.equal(s.protocol.stratified, true);
  assert.equal(s.file, '/x/suites/t.yaml');
});

const cases: Array<{ name: string; edit: (s: string) => string; expect: RegExp }> = [
  {
    name: 'unknown optimizer names the list, path and line',
    edit: (s) => s.replace('  - type: adam', '  - type: adamw'),
    expect: /^Unknown optimizer 'adamw'\. Known: sgd, momentum, adam, adagrad, rmsprop at optimizers\[1\]\.type \(suites\/t\.yaml:9\)$/,
  },
  {
    name: 'unknown architecture',
    edit: (s) => s.replace('type: mlp', 'type: transformer'),
    expect:
      /Unknown architecture 'transformer'\. Known: linear, mlp, cnn, resnet, densenet, lstm, gru, conv1d at architectures\[0\]\.type \(suites\/t\.yaml:6\)/,
  },
  {
    name: 'wrong type',
    edit: (s) => s.replace('epochs: 1', 'epochs: "many"'),
    expect: /'protocol.epochs' must be a number, got "many": set it to a number at protocol\.epochs \(suites\/t\.yaml:13\)/,
  },
  { name: 'folds below 2', edit: (s) => s.replace('folds: 3', 'folds: 1'), expect: /folds must be at least 2.* at protocol\.folds \(suites\/t\.yaml:12\)/ },
  {
    name: 'missing protocol key',
    edit: (s) => s.replace('  batchSize: 16\n', ''),
    expect: /Missing required 'batchSize' \(a number\): add it .* at protocol\.batchSize/,
  },
  {
    name: 'unknown top-level key lists known keys',
    edit: (s) => `${s}sedes: [2]\n`,
    expect: /Unknown key 'sedes'\. Known: name, description, datasets.* at sedes \(suites\/t\.yaml:15\)/,
  },
  {
    name: 'unknown param lists the params',
    edit: (s) => s.replace('params: { n: 60 }', 'params: { n: 60, size: 3 }'),
    expect: /Unknown param 'size' for dataset 'blobs'\. Known: n, classes, d, std.* at datasets\[0\]\.params\.size \(suites\/t\.yaml:4\)/,
  },
  {
    name: 'bad param value',
    edit: (s) => s.replace('  - type: sgd', '  - type: sgd\n    params: { learningRate: -1 }'),
    expect: /at optimizers\[0\]\.params\.learningRate \(suites\/t\.yaml:9\)/,
  },
  {
    name: 'duplicate ids',
    edit: (s) => s.replace('  - type: adam', '  - type: sgd'),
    expect: /Duplicate optimizer id 'sgd' \(also optimizers\[0\]\).* at optimizers\[1\]/,
  },
  { name: 'non-kebab id', edit: (s) => s.replace('  - type: adam', '  - type: adam\n    id: Adam_Fast'), expect: /kebab-case.* at optimizers\[1\]\.id/ },
  {
    name: 'hostile id with a path',
    edit: (s) => s.replace('  - type: adam', '  - type: adam\n    id: ../../etc'),
    expect: /kebab-case.* at optimizers\[1\]\.id/,
  },
  {
    name: 'YAML syntax error gives file:line:col',
    edit: (s) => s.replace('seeds: [1]', 'seeds: [1'),
    expect: /^YAML syntax error \(suites\/t\.yaml:\d+:\d+\)/,
  },
  {
    name: 'filter naming an unknown id',
    edit: (s) => `${s}exclude:\n  - { optimizer: rmsprop }\n`,
    expect: /'rmsprop' is not a optimizer id of this suite\. Ids: sgd, adam at exclude\[0\]\.optimizer/,
  },
  { name: 'bad duration', edit: (s) => s.replace('batchSize: 16', 'batchSize: 16\n  timeout: soon'), expect: /duration like "90s".* at protocol\.timeout/ },
];

for (const c of cases) {
  test(`suite error: ${c.name}`, () => {
    const list = problems(c.edit(GOOD));
    assert.ok(
      list.some((p) => c.expect.test(p)),
      `no problem matched ${c.expect}:\n${list.join('\n')}`,
    );
  });
}

test('every problem is reported at once', () => {
  const list = problems(GOOD.replace('type: mlp', 'type: nope').replace('folds: 3', 'folds: 0'));
  assert.equal(list.length, 2);
});

test('a missing file says where suites live', () => {
  assert.throws(
    () => loadSuite('suites/does-not-exist.yaml'),
    (e: unknown) => e instanceof SuiteError && /file not found/.test(e.message),
  );
});

test('a non-mapping document is rejected', () => {
  assert.match(problems('- just\n- a list\n')[0], /must be a YAML mapping/);
});

test('relative files resolve against the working directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-suite-'));
  writeFileSync(join(dir, 's.yaml'), GOOD);
  assert.equal(loadSuite('s.yaml', dir).file, join(dir, 's.yaml'));
});

test('the shipped suites validate', () => {
  for (const f of ['suites/smoke.yaml', 'suites/fashion-mnist.yaml']) assert.doesNotThrow(() => loadSuite(f), f);
});
