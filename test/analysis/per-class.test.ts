// Per-class accuracy and group-level H with classes as groups, against a numpy reference
// (Debian's /usr/bin/python3 has numpy; the pyenv python3 first on PATH may not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { perClassAnalysis } from '../../src/analysis/per-class.js';
import { close, randomPredictions } from './helpers.js';

const PY = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0);

const REFERENCE = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
y = np.array(d['labels']); P = np.array(d['preds']); K = d['K']
wrong = P != y[None, :]
fail = wrong.mean(axis=1)
out = {'classes': []}
terms = []
for g in range(K):
    idx = y == g
    if idx.sum() == 0: continue
    fg = wrong[:, idx].mean(axis=1)
    terms.append((g, np.prod(fg) / np.prod(fail)))
    out['classes'].append({'g': g, 'n': int(idx.sum()), 'acc': (1 - fg).tolist(), 'allFail': float(wrong[:, idx].all(axis=0).mean()), 'indep': float(np.prod(fg))})
out['hUnif'] = float(np.mean([t for _, t in terms]))
w = max(terms, key=lambda t: t[1])
out['hWorst'] = float(w[1]); out['worst'] = int(w[0])
print(json.dumps(out))
`;

test(
  'per-class accuracy, all-fail share, H_unif and H_worst match numpy',
  { skip: PY ? false : 'no python3 with numpy (apt-get install python3-numpy)' },
  () => {
    for (const [M, N, K, seed] of [
      [3, 400, 4, 1],
      [6, 900, 5, 2],
      [2, 150, 3, 9],
    ] as const) {
      const { labels, preds } = randomPredictions(M, N, K, seed);
      const r = perClassAnalysis(labels, preds, K);
      const py = spawnSync(PY!, ['-c', REFERENCE], { input: JSON.stringify({ labels: [...labels], preds: preds.map((p) => [...p]), K }), encoding: 'utf8' });
      assert.equal(py.status, 0, py.stderr);
      const ref = JSON.parse(py.stdout) as {
        classes: Array<{ g: number; n: number; acc: number[]; allFail: number; indep: number }>;
        hUnif: number;
        hWorst: number;
        worst: number;
      };
      assert.equal(r.classes.length, ref.classes.length);
      r.classes.forEach((c, i) => {
        assert.equal(c.classIndex, ref.classes[i].g);
        assert.equal(c.n, ref.classes[i].n);
        c.accuracy.forEach((a, m) => close(a, ref.classes[i].acc[m], 1e-12));
        close(c.allFailShare, ref.classes[i].allFail, 1e-12);
        close(c.independentShare, ref.classes[i].indep, 1e-12);
      });
      close(r.hUniform, ref.hUnif, 1e-9 * ref.hUnif);
      close(r.hWorst, ref.hWorst, 1e-9 * ref.hWorst);
      close(r.log2HWorst, Math.log2(ref.hWorst), 1e-9);
      assert.equal(r.worstClass, ref.worst);
    }
  },
);

test('per-class: the class every model fails is named; a perfect model makes H undefined with a reason', () => {
  // Class 2 is always answered as class 0 by both models; classes 0 and 1 mostly right.
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 2, 0]);
  const a = Int32Array.from([0, 0, 1, 0, 0, 0, 0, 0]);
  const b = Int32Array.from([0, 1, 1, 1, 0, 0, 1, 0]);
  const r = perClassAnalysis(labels, [a, b], 3);
  assert.deepEqual(r.failedByAll, [2]);
  assert.equal(r.worstClass, 2);
  assert.equal(r.classes.find((c) => c.classIndex === 2)?.allFailShare, 1);
  const perfect = perClassAnalysis(labels, [labels, b], 3);
  assert.equal(perfect.hWorst, null);
  assert.match(perfect.reasons.hWorst, /model 0 makes no error/);
  // Many models: products underflow, the log form stays finite.
  const many = Array.from({ length: 1500 }, () => b);
  const big = perClassAnalysis(labels, many, 3);
  assert.ok(big.log2HWorst !== null && Number.isFinite(big.log2HWorst) && big.log2HWorst > 1024);
  assert.equal(big.hWorst, null);
  assert.match(big.reasons.hWorst, /overflows/);
});
