// The models: axis beside the architectures × optimizers shorthand, the factors every cell carries,
// and the independent random streams (issue 11 item 1, issue 12 item 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SuiteError } from '../../src/errors.js';
import { expandMatrix } from '../../src/spec/expand-matrix.js';
import { parseSuite } from '../../src/spec/load-suite.js';
import { deriveStreams, recipeKey, streamSeed } from '../../src/spec/streams.js';

const HEAD = `name: t
datasets: [{ type: blobs, params: { n: 60 } }]
seeds: [1, 2]
`;
const PROTOCOL = 'protocol: { folds: 3, epochs: 1, batchSize: 16 }\n';
const NETWORK = `  - type: network
    id: wide
    params:
      architecture: { type: mlp, params: { hidden: [32] } }
      optimizer: { type: adam, params: { learningRate: 0.01 } }
`;

function problems(text: string): string[] {
  try {
    parseSuite(text, '/x/suites/t.yaml', 'suites/t.yaml');
  } catch (e) {
    assert.ok(e instanceof SuiteError, `expected SuiteError, got ${String(e)}`);
    return e.issues;
  }
  assert.fail('suite was accepted');
}

test('shorthand and models: together; shorthand ids unchanged, model cells are dataset.<model-id>.s<seed>', () => {
  const s = parseSuite(`${HEAD}architectures: [{ type: linear }]\noptimizers: [{ type: sgd }]\nmodels:\n${NETWORK}${PROTOCOL}`, '/x/t.yaml', 't.yaml');
  const cells = expandMatrix(s);
  assert.deepEqual(
    cells.map((c) => c.id),
    ['blobs.linear.sgd.s1', 'blobs.linear.sgd.s2', 'blobs.wide.s1', 'blobs.wide.s2'],
  );
  const wide = cells[2];
  assert.equal(wide.model.type, 'network');
  assert.deepEqual(wide.architecture, { type: 'mlp', id: 'mlp', params: { hidden: [32], activation: 'relu', dropout: 0 } });
  assert.equal(wide.optimizer?.params.learningRate, 0.01);
  assert.equal(cells[0].model.id, 'linear.sgd');
  for (const c of cells) {
    assert.equal(c.factors.family, 'network');
    assert.equal(c.factors.seed, String(c.seed));
    assert.deepEqual(Object.keys(c.streams).sort(), ['dataOrder', 'dropout', 'init']);
    for (const [name, st] of Object.entries(c.streams)) assert.equal(c.factors[`stream:${name}`], st.key);
  }
  assert.deepEqual([cells[2].factors.architecture, cells[2].factors.optimizer], ['mlp', 'adam']);
});

test('a suite of models only needs no architectures or optimizers', () => {
  const s = parseSuite(`${HEAD}models:\n${NETWORK}${PROTOCOL}`, '/x/t.yaml', 't.yaml');
  assert.equal(expandMatrix(s).length, 2);
});

test('model params are validated with YAML path, line and fix', () => {
  const bad = `${HEAD}models:
  - type: network
    params:
      architecture: { type: mlpp }
      optimizer: { type: adam, params: { lr: 1 } }
  - type: forest
${PROTOCOL}`;
  const p = problems(bad);
  assert.ok(
    p.some((m) => /^Unknown architecture 'mlpp'\. Known: linear, mlp, .* at models\[0\]\.params\.architecture\.type \(suites\/t\.yaml:7\)$/.test(m)),
    p.join('\n'),
  );
  assert.ok(
    p.some((m) =>
      /^Unknown param 'lr' for optimizer 'adam'\. Known: learningRate, beta1, beta2, epsilon at models\[0\]\.params\.optimizer\.params\.lr \(suites\/t\.yaml:8\)$/.test(
        m,
      ),
    ),
    p.join('\n'),
  );
  assert.ok(
    p.some((m) => /^Unknown model family 'forest'\. Known: network.* at models\[1\]\.type \(suites\/t\.yaml:9\)$/.test(m)),
    p.join('\n'),
  );
});

test('the shorthand needs both axes; a suite needs some model', () => {
  assert.match(problems(`${HEAD}architectures: [{ type: mlp }]\n${PROTOCOL}`).join('\n'), /architectures without optimizers: .*add an optimizers list/);
  assert.match(problems(`${HEAD}${PROTOCOL}`).join('\n'), /no models: add architectures × optimizers \(networks\) and\/or a models list/);
  assert.match(
    problems(
      `${HEAD}models:\n${NETWORK}  - type: network\n    id: wide\n    params: { architecture: { type: linear }, optimizer: { type: sgd } }\n${PROTOCOL}`,
    ).join('\n'),
    /Duplicate model family id 'wide'/,
  );
});

test('filters by model and family', () => {
  const text = (f: string) => `${HEAD}architectures: [{ type: linear }]\noptimizers: [{ type: sgd }]\nmodels:\n${NETWORK}${PROTOCOL}${f}`;
  assert.deepEqual(
    expandMatrix(parseSuite(text('exclude: [{ model: wide }]'), '/x/t.yaml', 't.yaml')).map((c) => c.id),
    ['blobs.linear.sgd.s1', 'blobs.linear.sgd.s2'],
  );
  assert.equal(expandMatrix(parseSuite(text('include: [{ family: network, seed: 2 }]'), '/x/t.yaml', 't.yaml')).length, 2);
  assert.match(problems(text('exclude: [{ model: narrow }]')).join('\n'), /'narrow' is not a model id of this suite\. Ids: wide/);
  assert.match(problems(text('exclude: [{ family: trees }]')).join('\n'), /'trees' is not a model family\. Families: network/);
});

const CROSS = `${HEAD}architectures: [{ type: linear }, { type: mlp }]\noptimizers: [{ type: sgd }, { type: adam }]\n`;

test('streams: every recipe draws its own numbers by default; the same recipe and seed reproduce', () => {
  const cells = expandMatrix(parseSuite(`${CROSS}${PROTOCOL}`, '/x/t.yaml', 't.yaml'));
  for (const stream of ['init', 'dataOrder', 'dropout']) {
    const seeds = cells.map((c) => c.streams[stream].seed);
    assert.equal(new Set(seeds).size, cells.length, `${stream}: no two cells share a stream`);
    assert.ok(cells.every((c) => !c.streams[stream].shared));
  }
  const again = expandMatrix(parseSuite(`${CROSS}${PROTOCOL}`, '/x/t.yaml', 't.yaml'));
  assert.deepEqual(
    again.map((c) => c.streams),
    cells.map((c) => c.streams),
  );
  assert.equal(cells[0].streams.init.key, 'init/s1/architecture=linear,family=network,optimizer=sgd');
});

test('streams: sharedRandomness gives every recipe of a seed the same stream (common random numbers)', () => {
  const cells = expandMatrix(
    parseSuite(`${CROSS}protocol: { folds: 3, epochs: 1, batchSize: 16, sharedRandomness: [dataOrder, init] }\n`, '/x/t.yaml', 't.yaml'),
  );
  const s1 = cells.filter((c) => c.seed === 1);
  const s2 = cells.filter((c) => c.seed === 2);
  for (const stream of ['init', 'dataOrder']) {
    assert.equal(new Set(s1.map((c) => c.streams[stream].seed)).size, 1, `${stream} shared within seed 1`);
    assert.notEqual(s1[0].streams[stream].seed, s2[0].streams[stream].seed, `${stream} differs across seeds`);
    assert.ok(s1.every((c) => c.streams[stream].shared && c.factors[`stream:${stream}`] === `${stream}/s1/shared`));
  }
  assert.equal(new Set(s1.map((c) => c.streams.dropout.seed)).size, s1.length, 'dropout not shared');
  assert.match(
    problems(`${CROSS}protocol: { folds: 3, epochs: 1, batchSize: 16, sharedRandomness: [order] }\n`).join('\n'),
    /Invalid value; expected one of "init", "dataOrder", "dropout", "augmentation", "sampling" at protocol\.sharedRandomness\[0\]/,
  );
});

test('recipe key ignores seed and stream factors; stream seeds are 32-bit and key-determined', () => {
  assert.equal(recipeKey({ seed: '3', family: 'network', 'stream:init': 'x', architecture: 'mlp' }), 'architecture=mlp,family=network');
  const a = deriveStreams(3, { family: 'knn', model: 'k5', seed: '3' }, ['sampling'], []);
  assert.equal(a.sampling.key, 'sampling/s3/family=knn,model=k5');
  assert.equal(a.sampling.seed, streamSeed(a.sampling.key));
  assert.ok(Number.isInteger(a.sampling.seed) && a.sampling.seed >= 0 && a.sampling.seed < 2 ** 32);
});
