/**
 * The learners against scikit-learn 1.2 on the same data and folds (fixtures from
 * scripts/gen-learner-fixtures.py): deterministic learners (Gaussian NB, kNN, histogram boosting)
 * must give sklearn's probabilities within 1e-6; the random forest's accuracy (3 seeds) must sit
 * near sklearn's mean over 3 random_states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, foldData, loadFixture, maxAbsDiff } from './fixtures.js';
import { GaussianNaiveBayes } from '../../src/learners/naive-bayes.js';
import { KNearestNeighbors } from '../../src/learners/knn.js';
import { HistBoosting, HIST_BOOSTING_DEFAULTS } from '../../src/learners/hist-boosting.js';
import { RandomForest, RANDOM_FOREST_DEFAULTS } from '../../src/learners/random-forest.js';

const DATASETS = ['synthetic', 'iris', 'wine', 'breast-cancer', 'digits'];

for (const name of DATASETS) {
  test(`Gaussian NB = sklearn GaussianNB on ${name} (probabilities within 1e-6)`, async () => {
    const data = await loadFixture(name);
    const { d, numClasses: C } = data.fx;
    let checked = 0;
    for (let f = 0; f < 3; f++) {
      const fd = foldData(data, f);
      const ref = data.fx.folds[f].gnb;
      const nb = new GaussianNaiveBayes({ varSmoothing: 1e-9 });
      nb.fit(fd.xTr, fd.yTr, fd.nTr, d, C);
      const { probs } = nb.predict(fd.xTe, fd.nTe);
      assert.equal(accuracy(probs, fd.yTe, C), ref.accuracy, `fold ${f} accuracy`);
      if (ref.probs) {
        assert.ok(maxAbsDiff(probs, ref.probs) < 1e-6, `fold ${f}: max |Δp| = ${maxAbsDiff(probs, ref.probs)}`);
        checked++;
      }
    }
    assert.ok(checked >= 1);
  });

  test(`kNN = sklearn KNeighborsClassifier on ${name} (k=5 uniform, k=7 distance)`, async () => {
    const data = await loadFixture(name);
    const { d, numClasses: C } = data.fx;
    for (let f = 0; f < 3; f++) {
      const fd = foldData(data, f);
      for (const [key, k, weights] of [
        ['knn5u', 5, 'uniform'],
        ['knn7d', 7, 'distance'],
      ] as const) {
        const ref = data.fx.folds[f][key];
        const knn = new KNearestNeighbors({ k, weights, blockSize: 37 });
        await knn.fit(fd.xTr, fd.yTr, fd.nTr, d, C);
        const { probs } = await knn.predict(fd.xTe, fd.nTe);
        knn.dispose();
        if (ref.probs) {
          // Continuous features, no distance ties: the same neighbours, the same weights.
          assert.ok(maxAbsDiff(probs, ref.probs) < 1e-6, `${key} fold ${f}: max |Δp| = ${maxAbsDiff(probs, ref.probs)}`);
        } else {
          // iris and digits repeat rows, so tie order (unspecified in sklearn) may differ.
          assert.ok(Math.abs(accuracy(probs, fd.yTe, C) - ref.accuracy) <= 0.01, `${key} fold ${f}: accuracy ${accuracy(probs, fd.yTe, C)} vs ${ref.accuracy}`);
        }
      }
    }
  });

  test(`histogram boosting = sklearn HistGradientBoostingClassifier on ${name} (50 iterations)`, async () => {
    const data = await loadFixture(name);
    const { d, numClasses: C } = data.fx;
    for (let f = 0; f < 3; f++) {
      const fd = foldData(data, f);
      const ref = data.fx.folds[f].hgb;
      const hgb = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations: 50 });
      hgb.fit(fd.xTr, fd.yTr, fd.nTr, d, C);
      const { probs } = hgb.predict(fd.xTe, fd.nTe);
      if (ref.probs) {
        // Same bins, gains, leaf-wise order and leaf values: equal up to float32 rounding.
        assert.ok(maxAbsDiff(probs, ref.probs) < 1e-6, `fold ${f}: max |Δp| = ${maxAbsDiff(probs, ref.probs)}`);
      } else {
        assert.ok(Math.abs(accuracy(probs, fd.yTe, C) - ref.accuracy) <= 0.01, `fold ${f}: accuracy ${accuracy(probs, fd.yTe, C)} vs ${ref.accuracy}`);
      }
    }
  });
}

for (const name of ['wine', 'breast-cancer', 'digits']) {
  test(`random forest accuracy near sklearn RandomForestClassifier on ${name} (100 trees, 3 seeds)`, async () => {
    const data = await loadFixture(name);
    const { d, numClasses: C } = data.fx;
    let ours = 0;
    let theirs = 0;
    for (let f = 0; f < 3; f++) {
      const fd = foldData(data, f);
      theirs += data.fx.folds[f].rf.accuracy / 3;
      for (let seed = 0; seed < 3; seed++) {
        const rf = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, seed });
        rf.fit(fd.xTr, fd.yTr, fd.nTr, d, C);
        ours += accuracy(rf.predict(fd.xTe, fd.nTe).probs, fd.yTe, C) / 9;
      }
    }
    // 9 forests each side: a systematic gap of 2 pp would be a bug, not noise.
    assert.ok(Math.abs(ours - theirs) <= 0.02, `ours ${ours.toFixed(4)} vs sklearn ${theirs.toFixed(4)}`);
  });
}
