/** The four TypeScript families on the learner seam: params, streams, fit/predict through the contract. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomForest } from '../../../src/registry/models/random-forest.js';
import { histBoosting } from '../../../src/registry/models/hist-boosting.js';
import { knn } from '../../../src/registry/models/knn.js';
import { naiveBayes } from '../../../src/registry/models/naive-bayes.js';
import type { LearnerContext, ModelDefinition, RandomStream } from '../../../src/registry/models/types.js';
import { deriveSeed, mulberry32 } from '../../../src/spec/random.js';

const DEFS: ModelDefinition[] = [randomForest, histBoosting, knn, naiveBayes];

function ctx(seed: number, tf?: LearnerContext['tf']): LearnerContext & { drawn: RandomStream[] } {
  const drawn: RandomStream[] = [];
  return {
    shape: [2, 2],
    kind: 'image',
    numClasses: 3,
    repeat: 0,
    fold: 0,
    drawn,
    protocol: { epochs: 1, batchSize: 16, timeoutMs: 60_000, folds: 2, repeats: 1 },
    cell: {
      id: 'test',
      workDir: '/nonexistent',
      pool: { x: new Float32Array(0), n: 0 },
      probe: new Int32Array(0),
      timeoutMs: 60_000,
      suiteDir: '/nonexistent',
    },
    seed(stream) {
      drawn.push(stream);
      return deriveSeed(seed, stream.length);
    },
    tf:
      tf ??
      (async () => {
        throw new Error('this learner should not load TensorFlow.js');
      }),
  };
}

function data(n: number, seed: number) {
  const rng = mulberry32(seed);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let f = 0; f < 4; f++) x[i * 4 + f] = y[i] * (f + 1) * 0.5 + rng();
  }
  return { x, y, n, indices: Int32Array.from({ length: n }, (_, i) => i) };
}

test('every family: described params with defaults, strict, a family, a representation, declared streams', () => {
  for (const def of DEFS) {
    const fields = (def.params as unknown as { shape: Record<string, { description?: string }> }).shape;
    assert.ok(Object.keys(fields).length >= 1, def.type);
    for (const [key, schema] of Object.entries(fields)) assert.ok((schema as { description?: string }).description, `${def.type}.${key} has no description`);
    assert.equal(def.params.safeParse({}).success, true, def.type);
    assert.equal(def.params.safeParse({ notAParam: 1 }).success, false, `${def.type} accepts an unknown key`);
    assert.ok(def.family && def.summary.length > 10 && def.representation, def.type);
    assert.deepEqual([...def.accepts].sort(), ['image', 'tabular']);
  }
  assert.deepEqual(randomForest.streams, ['sampling']);
  for (const def of [histBoosting, knn, naiveBayes]) assert.deepEqual(def.streams, [], `${def.type} draws nothing`);
  const bad = [
    [randomForest, { trees: 0 }],
    [randomForest, { maxFeatures: 'half' }],
    [randomForest, { maxFeatures: 1.5 }],
    [histBoosting, { maxLeaves: null, maxDepth: null }],
    [histBoosting, { learningRate: 0 }],
    [histBoosting, { maxBins: 256 }],
    [knn, { k: 0 }],
    [knn, { weights: 'gaussian' }],
    [naiveBayes, { varSmoothing: -1 }],
  ] as const;
  for (const [def, p] of bad) assert.equal(def.params.safeParse(p).success, false, `${def.type} accepted ${JSON.stringify(p)}`);
});

test('each family fits and predicts through the seam: probabilities per row, representation of the documented size', async () => {
  const tr = data(90, 1);
  const te = data(30, 2);
  const sizes: Record<string, number> = { 'random-forest': 7 * 3, 'hist-boosting': 5 * 3, knn: 3, 'naive-bayes': 3 };
  const settings: Record<string, object> = {
    'random-forest': { trees: 7 },
    'hist-boosting': { iterations: 5, minSamplesLeaf: 5 },
    knn: { k: 4, matmul: 'typescript' },
    'naive-bayes': {},
  };
  for (const def of DEFS) {
    const c = ctx(11);
    const learner = await def.create(def.params.parse(settings[def.type]), c);
    const progress: number[] = [];
    const report = await learner.fit(tr, { onProgress: (done) => progress.push(done) });
    const out = await learner.predict(te.x, te.n, { features: true });
    learner.dispose();
    assert.equal(out.probs.length, te.n * 3, def.type);
    for (let i = 0; i < te.n; i++) {
      const s = out.probs[i * 3] + out.probs[i * 3 + 1] + out.probs[i * 3 + 2];
      assert.ok(Math.abs(s - 1) < 1e-5, `${def.type} row ${i} sums to ${s}`);
    }
    assert.equal(out.featureSize, sizes[def.type], def.type);
    assert.equal(out.features!.length, te.n * sizes[def.type]);
    let ok = 0;
    for (let i = 0; i < te.n; i++) {
      const p = out.probs.subarray(i * 3, i * 3 + 3);
      if (p.indexOf(Math.max(...p)) === te.y[i]) ok++;
    }
    assert.ok(ok / te.n > 0.8, `${def.type}: held-out accuracy ${ok / te.n}`);
    assert.deepEqual(c.drawn, def.streams.length ? ['sampling'] : [], def.type);
    if (def === histBoosting) {
      assert.equal(report.epochsRun, 5);
      assert.equal(report.lossCurve!.length, 5);
      assert.deepEqual(progress, [1, 2, 3, 4, 5]);
    }
    if (def === randomForest) assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7]);
  }
});

test('random forest: the sampling stream seeds it (same seed, same probabilities; another, other trees)', async () => {
  const tr = data(60, 3);
  const run = async (seed: number) => {
    const l = await randomForest.create(randomForest.params.parse({ trees: 5 }), ctx(seed));
    await l.fit(tr, {});
    return (await l.predict(tr.x, tr.n, { features: false })).probs;
  };
  assert.deepEqual(await run(1), await run(1));
  assert.notDeepEqual(await run(1), await run(2));
});

test('knn on the TensorFlow.js wasm backend predicts what the TypeScript product predicts', async () => {
  const { setupBackend } = await import('../../../src/worker/backend.js');
  await setupBackend('wasm');
  const tf = await import('@tensorflow/tfjs');
  const tr = data(200, 4);
  const te = data(70, 5);
  const out: Float32Array[] = [];
  for (const matmul of ['tfjs', 'typescript'] as const) {
    const l = await knn.create(
      knn.params.parse({ k: 6, weights: 'distance', matmul, blockSize: 32 }),
      ctx(0, async () => tf),
    );
    await l.fit(tr, {});
    out.push((await l.predict(te.x, te.n, { features: false })).probs);
    l.dispose();
  }
  assert.deepEqual(out[0], out[1]);
});
