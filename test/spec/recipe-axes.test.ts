import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SuiteError } from '../../src/errors.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';
import { parseSuite } from '../../src/spec/load-suite.js';

const BASE = `name: r
datasets: [{ type: fashion-mnist, id: fm, params: { variant: shipped, limit: 100 } }]
architectures: [{ type: cnn }]
optimizers: [{ type: adam }]
seeds: [1, 2]
protocol: { folds: 2, epochs: 4, batchSize: 8 }
`;
const suite = (extra = '', base = BASE) => parseSuite(`${base}${extra}`, '/s/r.yaml', 'suites/r.yaml');
const problems = (text: string): string[] => {
  try {
    parseSuite(text, '/s/r.yaml', 'suites/r.yaml');
  } catch (e) {
    if (e instanceof SuiteError) return e.issues;
    throw e;
  }
  return [];
};

test('without recipe axes, ids and factors are what they were', () => {
  const cells = expandMatrix(suite());
  assert.deepEqual(
    cells.map((c) => c.id),
    ['fm.cnn.adam.s1', 'fm.cnn.adam.s2'],
  );
  assert.deepEqual(
    Object.keys(cells[0].factors)
      .filter((k) => !k.startsWith('stream:'))
      .sort(),
    ['architecture', 'family', 'optimizer', 'seed'],
  );
  assert.equal(cells[0].model.params.schedule, undefined);
});

test('declared axes multiply, name the cell and become factors (augmentation gets its own stream)', () => {
  const cells = expandMatrix(
    suite(`schedules: [{ type: constant }, { type: cosine, id: cos, params: { warmupEpochs: 1 } }]
augmentation: [{ type: none }, { type: crop, params: { padding: 3 } }]
backbones: [{ type: scratch }]
`),
  );
  assert.equal(cells.length, 8);
  assert.deepEqual(
    cells.slice(0, 4).map((c) => c.id),
    [
      'fm.cnn.adam.constant.none.scratch.s1',
      'fm.cnn.adam.constant.none.scratch.s2',
      'fm.cnn.adam.constant.crop.scratch.s1',
      'fm.cnn.adam.constant.crop.scratch.s2',
    ],
  );
  const c = cells.find((x) => x.id === 'fm.cnn.adam.cos.crop.scratch.s2')!;
  assert.equal(c.factors.schedule, 'cos');
  assert.equal(c.factors.augmentation, 'crop');
  assert.equal(c.factors.backbone, 'scratch');
  assert.deepEqual((c.model.params.schedule as { params: unknown }).params, { warmupEpochs: 1, minFactor: 0 });
  assert.deepEqual((c.model.params.augmentation as { params: unknown }).params, { padding: 3 });
  assert.ok(c.streams.augmentation, 'augmenting cells draw the augmentation stream');
  // The recipe is part of every stream's key: two recipes never share a stream by accident.
  const other = cells.find((x) => x.id === 'fm.cnn.adam.constant.crop.scratch.s2')!;
  assert.notEqual(other.streams.init.key, c.streams.init.key);
});

test('include/exclude accept recipe keys', () => {
  const axes = 'schedules: [{ type: constant }, { type: step, params: { stepSize: 1 } }]\n';
  assert.equal(expandMatrix(suite(`${axes}exclude: [{ schedule: step, seed: 2 }]\n`)).length, 3);
  assert.equal(expandMatrix(suite(`${axes}include: [{ schedule: step }]\n`)).length, 2);
  const bad = problems(`${BASE}${axes}exclude: [{ schedule: cosine }, { augmentation: none }]\n`);
  assert.ok(
    bad.some((p) => /'cosine' is not a schedule id of this suite\. Ids: constant, step at exclude\[0\]\.schedule \(suites\/r\.yaml:\d+\)/.test(p)),
    bad.join('\n'),
  );
  assert.ok(
    bad.some((p) => /'augmentation' filters a recipe axis this suite does not declare/.test(p)),
    bad.join('\n'),
  );
});

test('bad recipe input: each problem names the YAML path, the line and the fix, before any cell runs', () => {
  const list =
    problems(`${BASE.replace('datasets: [{ type: fashion-mnist, id: fm, params: { variant: shipped, limit: 100 } }]', 'datasets:\n  - { type: fashion-mnist, id: fm, params: { variant: shipped, limit: 100 } }\n  - { type: blobs }\n  - { type: mnist }\narchitectures: [{ type: mlp }]').replace('architectures: [{ type: cnn }]\n', '')}schedules:
  - type: exponential
    params: { gamma: 1.2 }
  - type: warmup
augmentation:
  - type: flip
  - type: crop
    params: { padding: 40 }
backbones:
  - type: pretrained
    params: { dataset: { type: cifar10 } }
`);
  const expect = [
    /'gamma'.* must be < 1, got [0-9.]+: set it to a value < 1.* at schedules\[0\]\.params\.gamma \(suites\/r\.yaml:12\)/,
    /Unknown schedule 'warmup'\. Known: constant, step, exponential, cosine, plateau at schedules\[1\]\.type/,
  ];
  for (const e of expect)
    assert.ok(
      list.some((p) => e.test(p)),
      `${e}\n${list.join('\n')}`,
    );
  const data =
    problems(`${BASE.replace('datasets: [', 'datasets: [{ type: blobs }, { type: mnist }, ').replace('architectures: [{ type: cnn }]', 'architectures: [{ type: mlp }]')}augmentation:
  - type: flip
  - type: crop
    params: { padding: 40 }
backbones:
  - type: pretrained
    params: { dataset: { type: cifar10 } }
  - type: pretrained
    id: same
    params: { dataset: { type: fashion-mnist, params: { variant: shipped, limit: 100 } } }
`);
  const want = [
    /Augmentation 'flip' does not fit dataset 'blobs': flip needs images but dataset 'blobs' is tabular.* at augmentation\[0\] \(suites\/r\.yaml:8\)/,
    /Augmentation 'flip' does not fit dataset 'mnist': a horizontal flip changes the class/,
    /Augmentation 'crop' does not fit dataset 'fm': crop padding 40 is not smaller than the 28×28 image.*use a padding below 28 at augmentation\[1\]/,
    /Backbone 'pretrained' does not fit dataset 'fm': the backbone's input shape 32×32×3 \('cifar10'\) does not match 28×28×1/,
    /Backbone 'same' does not fit dataset 'fm': the backbone is pretrained on 'fashion-mnist' itself, which would train on its held-out folds/,
  ];
  for (const e of want)
    assert.ok(
      data.some((p) => e.test(p)),
      `${e}\n${data.join('\n')}`,
    );
  const sched = problems(`${BASE}schedules: [{ type: step, params: { stepSize: 4 } }]\nearlyStopping: [{ type: patience, params: { patience: 4 } }]\n`);
  assert.equal(sched.length, 2, sched.join('\n'));
  assert.match(sched[0], /Schedule 'step': stepSize 4 ≥ protocol\.epochs 4: the rate would never decay/);
  assert.match(sched[1], /Early stopping 'patience': patience 4 ≥ protocol\.epochs 4/);
});

test('a models: network can set a recipe inline; the axis then leaves that key alone', () => {
  const cells = expandMatrix(
    suite(`models:
  - type: network
    id: net
    params: { architecture: { type: mlp }, optimizer: { type: sgd }, schedule: { type: exponential, id: exp } }
schedules: [{ type: constant }, { type: cosine }]
`),
  );
  const net = cells.filter((c) => c.id.startsWith('fm.net'));
  assert.deepEqual(
    net.map((c) => c.id),
    ['fm.net.s1', 'fm.net.s2'],
  );
  assert.equal(net[0].factors.schedule, 'exp');
  assert.equal(cells.filter((c) => c.id.startsWith('fm.cnn')).length, 4);
});
