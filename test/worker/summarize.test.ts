import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, medianOf, summarizeFolds } from '../../src/worker/summarize.js';
import type { FoldResult } from '../../src/store/results.js';
import { argmaxRows, scorePredictions } from '../../src/worker/predict.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

test('estimate: mean, sample sd and t-based 95% CI', () => {
  const e = estimate([0.8, 0.9, 1.0]);
  close(e.mean, 0.9);
  close(e.sd!, 0.1);
  // t(0.975, 2) = 4.302652729911275 (scipy.stats.t.ppf)
  close(e.ci95![1] - e.mean, (4.302652729911275 * 0.1) / Math.sqrt(3), 1e-6);
  assert.equal(estimate([0.5]).ci95, null);
  assert.equal(estimate([0.5]).sd, null);
});

test('median', () => {
  assert.equal(medianOf([3, 1, 2]), 2);
  assert.equal(medianOf([4, 1, 2, 3]), 2.5);
  assert.equal(medianOf([]), null);
});

test('accuracy and loss from predictions', () => {
  const probs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1]);
  const pred = argmaxRows(probs, 3);
  assert.deepEqual([...pred], [0, 1, 2, 0]);
  const y = Int32Array.from([9, 0, 1, 2, 2]); // labels by example index
  const s = scorePredictions({ probs, pred }, y, Int32Array.from([1, 2, 3, 4]), 3);
  close(s.accuracy, 0.75);
  close(s.loss, -(Math.log(0.7) + Math.log(0.8) + Math.log(0.4) + Math.log(0.1)) / 4, 1e-6);
});

function fold(f: number, train: number, held: number, epochMs: number[]): FoldResult {
  return {
    repeat: 0,
    fold: f,
    trainSize: 200,
    heldOutSize: 100,
    epochsRun: epochMs.length,
    lossCurve: [],
    train: { accuracy: train, loss: 0.1 },
    trainEvaluatedOn: 100,
    heldOut: { accuracy: held, loss: 0.3 },
    gap: train - held,
    lossGap: 0.2,
    trainTimeMs: 0,
    epochTimesMs: epochMs,
    trainSamplesPerSec: null,
  };
}

test("gap = train − held-out per fold; throughput skips each fold's first epoch", () => {
  const s = summarizeFolds(
    [fold(0, 1.0, 0.9, [1000, 100, 200]), fold(1, 0.95, 0.85, [900, 100])],
    0.875,
    { samplesPerSec: 1, batchSize: 1, rme: 0, samples: 1, concurrentThroughputPhases: 0 },
    2,
  );
  close(s.gap.mean, 0.1);
  close(s.heldOutAccuracy.mean, 0.875);
  close(s.trainAccuracy.mean, 0.975);
  // steady epochs: 100, 200, 100 ms at 200 examples → 2000, 1000, 2000 /s → median 2000
  assert.equal(s.trainSamplesPerSec, 2000);
  assert.equal(s.trainConcurrency, 2);
});

test("throughput per CPU-second from the epochs' CPU times, when every fold recorded them", () => {
  const inference = { samplesPerSec: 1, batchSize: 1, rme: 0, samples: 1, concurrentThroughputPhases: 0 };
  // wall 200 ms per steady epoch (a shared core) but 50 ms of CPU: 4000 examples per CPU-second
  const a = { ...fold(0, 1, 0.9, [900, 200, 200]), epochCpuMs: [300, 50, 50] };
  const b = { ...fold(1, 1, 0.9, [900, 200]), epochCpuMs: [300, 100] };
  const s = summarizeFolds([a, b], 0.9, inference, 2);
  assert.equal(s.trainSamplesPerSec, 1000);
  assert.equal(s.trainSamplesPerCpuSec, 4000, 'median of 4000, 4000, 2000');
  // a family that records no CPU times (one-shot, external) has no such figure
  assert.equal('trainSamplesPerCpuSec' in summarizeFolds([fold(0, 1, 0.9, [100, 100])], 0.9, inference, 1), false);
});
