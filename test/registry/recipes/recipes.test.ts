import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { augmentBatch, augmentationOf, augmentationProblems } from '../../../src/registry/recipes/augmentation.js';
import { EarlyStopper } from '../../../src/registry/recipes/early-stopping.js';
import { recipes } from '../../../src/registry/recipes/index.js';
import { innerSplit } from '../../../src/registry/recipes/inner-split.js';
import { decayFactor, regularizationOf, smoothLabels } from '../../../src/registry/recipes/regularization.js';
import { createScheduler, scheduleProblems, type ScheduleSpec } from '../../../src/registry/recipes/schedules.js';
import { mulberry32 } from '../../../src/spec/random.js';

const sched = (type: string, params: Record<string, unknown> = {}) => ({ type, ...(recipes.schedules[type].params.parse(params) as object) }) as ScheduleSpec;
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('learning-rate schedules', () => {
  test('constant, step and exponential change at epoch boundaries only', () => {
    const c = createScheduler(sched('constant'), 5);
    assert.deepEqual([0, 2.5, 4.9].map(c.factor), [1, 1, 1]);
    const s = createScheduler(sched('step', { stepSize: 2, gamma: 0.1 }), 6);
    [
      [0, 1],
      [1.9, 1],
      [2, 0.1],
      [3.5, 0.1],
      [4, 0.01],
    ].forEach(([t, f]) => close(s.factor(t), f));
    const e = createScheduler(sched('exponential', { gamma: 0.5 }), 6);
    [
      [0, 1],
      [0.99, 1],
      [1, 0.5],
      [3.2, 0.125],
    ].forEach(([t, f]) => close(e.factor(t), f));
    assert.equal(s.needsValidation, false);
  });

  test('cosine: linear warm-up to 1, then a half cosine down to minFactor', () => {
    const k = createScheduler(sched('cosine', { warmupEpochs: 1, minFactor: 0.1 }), 5);
    close(k.factor(0.5), 0.5);
    close(k.factor(1), 1);
    close(k.factor(3), 0.1 + 0.9 * 0.5); // half-way through the decay
    close(k.factor(5), 0.1);
    assert.ok(k.factor(0) > 0, 'the first batch gets a non-zero rate');
    const plain = createScheduler(sched('cosine'), 4);
    close(plain.factor(0), 1);
    close(plain.factor(2), 0.5);
    for (let t = 1; t < 4; t += 0.25) assert.ok(plain.factor(t) <= plain.factor(t - 0.25));
  });

  test('plateau: cuts by factor after patience epochs without improvement, never below minFactor', () => {
    const p = createScheduler(sched('plateau', { factor: 0.5, patience: 1, minFactor: 0.2 }), 10);
    assert.equal(p.needsValidation, true);
    [1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.76, 0.77, 0.78, 0.79].forEach((loss, epoch) => p.observe(epoch, loss));
    assert.deepEqual(p.cuts, [3, 6, 8]);
    close(p.factor(9), 0.2);
  });

  test('params out of range are parse errors; settings that never act are problems', () => {
    assert.equal(recipes.schedules.step.params.safeParse({ gamma: 1.5 }).success, false);
    assert.equal(recipes.schedules.exponential.params.safeParse({ gamma: 0 }).success, false);
    assert.equal(recipes.schedules.cosine.params.safeParse({ warmupEpochs: -1 }).success, false);
    assert.equal(recipes.schedules.plateau.params.safeParse({ validationFraction: 0.9 }).success, false);
    assert.match(scheduleProblems(sched('step', { stepSize: 5 }), 5)[0], /never decay; use a stepSize below 5/);
    assert.match(scheduleProblems(sched('cosine', { warmupEpochs: 3 }), 3)[0], /inside the warm-up/);
    assert.deepEqual(scheduleProblems(sched('cosine', { warmupEpochs: 1 }), 3), []);
  });
});

describe('regularisation', () => {
  test('each type maps to its settings; combined keeps all three', () => {
    const parse = (type: string, p: Record<string, unknown> = {}) =>
      regularizationOf(type, recipes.regularization[type].params.parse(p) as Record<string, unknown>);
    assert.deepEqual(parse('none'), { weightDecay: 0, dropout: 0, labelSmoothing: 0 });
    assert.deepEqual(parse('weight-decay', { weightDecay: 1e-3 }), { weightDecay: 1e-3, dropout: 0, labelSmoothing: 0 });
    assert.deepEqual(parse('dropout'), { weightDecay: 0, dropout: 0.3, labelSmoothing: 0 });
    assert.deepEqual(parse('combined', { dropout: 0.2, labelSmoothing: 0.05 }), { weightDecay: 0, dropout: 0.2, labelSmoothing: 0.05 });
    assert.equal(recipes.regularization['label-smoothing'].params.safeParse({ epsilon: 0.7 }).success, false);
  });

  test('label smoothing keeps rows summing to 1 and puts ε/K on the wrong classes', () => {
    const y = Float32Array.from([0, 1, 0, 0, 1, 0, 0, 0]);
    smoothLabels(y, 4, 0.2);
    close(y[1], 0.85, 1e-6);
    close(y[0], 0.05, 1e-6);
    close(
      y.slice(0, 4).reduce((a, b) => a + b, 0),
      1,
      1e-6,
    );
    close(decayFactor(0.1, 1e-3), 0.9999);
  });
});

describe('augmentation', () => {
  const img = (h: number, w: number, c = 1) => Float32Array.from({ length: h * w * c }, (_, i) => i + 1);

  test('crop shifts by at most ±padding, fills with zeros, keeps values; draws are seeded', () => {
    const a = augmentationOf('crop', { padding: 1 });
    const x = img(4, 4);
    const y = Float32Array.from(x);
    augmentBatch({ x: y, n: 1, shape: [4, 4, 1] }, a, mulberry32(3));
    const kept = [...y].filter((v) => v !== 0);
    assert.ok(kept.every((v) => x.includes(v)));
    assert.ok(kept.length >= 9, 'a shift of ≤1 keeps at least a 3×3 block');
    // Every surviving pixel moved by the same (dy, dx) with |dy|, |dx| ≤ 1.
    const moves = new Set([...y].flatMap((v, i) => (v === 0 ? [] : [`${Math.floor(i / 4) - Math.floor((v - 1) / 4)},${(i % 4) - ((v - 1) % 4)}`])));
    assert.equal(moves.size, 1);
    const [dy, dx] = [...moves][0].split(',').map(Number);
    assert.ok(Math.abs(dy) <= 1 && Math.abs(dx) <= 1);
    const z = Float32Array.from(x);
    augmentBatch({ x: z, n: 1, shape: [4, 4, 1] }, a, mulberry32(3));
    assert.deepEqual(z, y);
  });

  test('flip mirrors each row (all channels together) about half the time', () => {
    const a = augmentationOf('flip', {});
    const n = 200;
    const x = new Float32Array(n * 6);
    for (let i = 0; i < n; i++) x.set([1, 2, 3, 4, 5, 6], i * 6); // [1, 3, 2]: pixels (1,2) (3,4) (5,6)
    augmentBatch({ x: x, n: n, shape: [1, 3, 2] }, a, mulberry32(9));
    let flipped = 0;
    for (let i = 0; i < n; i++) {
      const row = [...x.subarray(i * 6, i * 6 + 6)];
      if (row.join() === '5,6,3,4,1,2') flipped++;
      else assert.equal(row.join(), '1,2,3,4,5,6');
    }
    assert.ok(flipped > 70 && flipped < 130, `${flipped} of ${n}`);
  });

  test('cutout zeroes one square clipped at the border; noise has the asked spread', () => {
    const x = new Float32Array(10 * 10).fill(1);
    augmentBatch({ x: x, n: 1, shape: [10, 10, 1] }, augmentationOf('cutout', { size: 4 }), mulberry32(5));
    const zeros = x.reduce((a, v) => a + (v === 0 ? 1 : 0), 0);
    assert.ok(zeros >= 4 && zeros <= 16, `${zeros} zeroed`);
    const t = new Float32Array(20000);
    augmentBatch({ x: t, n: 1000, shape: [20] }, augmentationOf('noise', { std: 0.5 }), mulberry32(1));
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
    close(mean, 0, 0.02);
    close(sd, 0.5, 0.02);
  });

  test('augmentation that does not fit the data is refused with the fix', () => {
    const tab = { type: 'blobs', kind: 'tabular' as const };
    assert.match(augmentationProblems(augmentationOf('flip', {}), tab)[0], /flip needs images but dataset 'blobs' is tabular/);
    assert.deepEqual(augmentationProblems(augmentationOf('noise', { std: 0.1 }), tab), []);
    assert.match(augmentationProblems(augmentationOf('noise', { std: 0.1 }), { type: 'token-motifs', kind: 'sequence' })[0], /non-integers/);
    assert.match(augmentationProblems(augmentationOf('flip', {}), { type: 'mnist', kind: 'image', flipSafe: false })[0], /changes the class/);
    assert.deepEqual(augmentationProblems(augmentationOf('flip', {}), { type: 'fashion-mnist', kind: 'image', flipSafe: true }), []);
    const fm = { type: 'fashion-mnist', kind: 'image' as const, shape: [28, 28, 1], flipSafe: true };
    assert.match(augmentationProblems(augmentationOf('crop', { padding: 28 }), fm)[0], /not smaller than the 28×28 image/);
    assert.match(augmentationProblems(augmentationOf('cutout', { size: 30 }), fm)[0], /larger than the 28×28 image/);
    assert.deepEqual(augmentationProblems(augmentationOf('combined', { crop: 2, flip: true, cutout: 8 }), fm), []);
  });
});

describe('early stopping and the inner validation split', () => {
  test('stops after patience epochs without improvement and remembers the best epoch', () => {
    const s = new EarlyStopper({ type: 'patience', patience: 2, metric: 'loss', minDelta: 0.01, restoreBest: true, validationFraction: 0.1 });
    const losses = [1, 0.8, 0.795, 0.79, 0.9];
    const decisions = losses.map((loss, e) => s.observe(e, { loss, accuracy: 0 }));
    assert.deepEqual(
      decisions.map((d) => d.stop),
      [false, false, false, true, true],
    );
    assert.equal(s.bestEpoch, 1);
    const acc = new EarlyStopper({ type: 'patience', patience: 1, metric: 'accuracy', minDelta: 0, restoreBest: true, validationFraction: 0.1 });
    assert.equal(acc.observe(0, { loss: 9, accuracy: 0.5 }).improved, true);
    assert.equal(acc.observe(1, { loss: 1, accuracy: 0.6 }).improved, true);
    assert.equal(acc.observe(2, { loss: 0.5, accuracy: 0.6 }).stop, true);
  });

  test('the inner split is stratified, disjoint, seeded by the split only', () => {
    const labels = Int32Array.from({ length: 100 }, (_, i) => i % 4);
    const train = Int32Array.from({ length: 80 }, (_, i) => i);
    const a = innerSplit(train, labels, { fraction: 0.25, splitSeed: 7, repeat: 0, fold: 1 });
    assert.equal(a.validation.length, 20);
    assert.equal(a.fit.length, 60);
    assert.ok([...a.validation].every((i) => !a.fit.includes(i) && train.includes(i)));
    for (let c = 0; c < 4; c++) assert.equal([...a.validation].filter((i) => labels[i] === c).length, 5);
    assert.deepEqual(innerSplit(train, labels, { fraction: 0.25, splitSeed: 7, repeat: 0, fold: 1 }), a);
    assert.notDeepEqual(innerSplit(train, labels, { fraction: 0.25, splitSeed: 7, repeat: 0, fold: 2 }).validation, a.validation);
  });
});
