// End to end through the built CLI: one smoke run → submit → verify → compare (a copy passes, a
// degraded cell fails with exit 1), a forged baseline exits 2, and an external scikit-learn
// baseline made on exported folds is submitted and verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTable, tableFromIPC, tableToIPC } from 'apache-arrow';
import { smokeRunCopy } from '../fixtures/smoke-run.js';
import { cli, tempDir } from './helpers.js';

/**
 * A consistently worse cell, as a real regression would be: every even example now predicts the
 * next class with probability 0.9, and result.json's fold metrics, summary and file hash follow
 * (a cell whose files disagree with result.json is damaged, not worse).
 */
function degrade(runDir: string, cellId: string): void {
  const p = join(runDir, 'cells', cellId, 'predictions.arrow');
  const t = tableFromIPC(readFileSync(p));
  const cols: Record<string, any> = {};
  for (const f of t.schema.fields) cols[f.name] = t.getChild(f.name)!.toArray().slice();
  const K = t.schema.fields.filter((f) => /^p\d+$/.test(f.name)).length;
  for (let r = 0; r < t.numRows; r++) {
    if (cols.index[r] % 2 !== 0) continue;
    const wrong = (cols.label[r] + 1) % K;
    cols.pred[r] = wrong;
    for (let k = 0; k < K; k++) cols[`p${k}`][r] = k === wrong ? 0.9 : 0.1 / (K - 1);
  }
  const bytes = tableToIPC(makeTable(cols), 'file');
  writeFileSync(p, bytes);
  const resultFile = join(runDir, 'cells', cellId, 'result.json');
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  for (const f of result.folds) {
    let n = 0,
      correct = 0,
      loss = 0;
    for (let r = 0; r < t.numRows; r++) {
      if (cols.repeat[r] !== f.repeat || cols.fold[r] !== f.fold) continue;
      n++;
      if (cols.pred[r] === cols.label[r]) correct++;
      loss -= Math.log(Math.max(cols[`p${cols.label[r]}`][r], 1e-7));
    }
    f.heldOut = { accuracy: correct / n, loss: loss / n };
  }
  result.summary.heldOutAccuracy.mean = result.folds.reduce((a: number, f: any) => a + f.heldOut.accuracy, 0) / result.folds.length;
  result.files.predictions = { ...result.files.predictions, sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes: bytes.byteLength };
  writeFileSync(resultFile, JSON.stringify(result));
}

const hasSklearn = spawnSync('/usr/bin/python3', ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;

test('baselines end to end: submit, verify, compare, external', { timeout: 600_000 }, (t) => {
  const { run } = smokeRunCopy('bl-e2e');
  const base = tempDir('bl-base');

  const s = cli(['submit', run, '--name', 'ci', '--out', base]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stderr, /baseline .*smoke\/ci: 16 model\(s\), [\d.]+ KiB, verified/);
  const dir = join(base, 'smoke', 'ci');
  const v = cli(['verify', dir]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^ok .*: 16 model\(s\) on blobs, moons; every metric and index recomputed/);
  const dup = cli(['submit', run, '--name', 'ci', '--out', base]);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /already exists: baseline names are unique per suite/);
  const bad = cli(['submit', run, '--name', '../up', '--out', base]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /error\[usage\]: baseline name '\.\.\/up' contains a path separator or '\.\.'/);

  const copy = join(tempDir('bl-copy'), 'smoke', 'copy');
  cpSync(run, copy, { recursive: true });
  const same = cli(['compare', copy, '--baseline', 'ci', '--baselines', base, '--format', 'md', '--bootstrap', '100']);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /✅ no significant regression beyond the ROPE/);
  assert.match(same.stdout, /### Homogenization on `moons`/);

  degrade(copy, 'blobs.mlp.adam.s1');
  const worse = cli(['compare', copy, '--baseline', dir, '--bootstrap', '100']);
  assert.equal(worse.code, 1, worse.stdout + worse.stderr);
  assert.match(worse.stdout, /- blobs\.mlp\.adam\.s1: held-out accuracy fell from 0\.\d+ to 0\.\d+/);

  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.models[3].folds[2].heldOut.accuracy = 0.5;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const forged = cli(['verify', dir]);
  assert.equal(forged.code, 2);
  assert.match(forged.stderr, /repeat 0 fold 2: held-out accuracy in the manifest is 0\.5, recomputed from the predictions/);
  assert.match(forged.stderr, /error\[baseline-invalid\]/);

  if (!hasSklearn) {
    t.diagnostic('skipping the external part: /usr/bin/python3 has no scikit-learn');
    return;
  }
  const work = tempDir('bl-ext');
  assert.equal(cli(['folds', 'suites/smoke.yaml', '--dataset', 'moons', '--data', '--out', join(work, 'folds.json')]).code, 0);
  const py = spawnSync('/usr/bin/python3', ['scripts/external-baseline-example.py', join(work, 'folds.json'), join(work, 'pred.json')], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const ext = cli(['submit', '--external', join(work, 'pred.json'), '--suite', 'suites/smoke.yaml', '--dataset', 'moons', '--name', 'sklearn', '--out', base]);
  assert.equal(ext.code, 0, ext.stderr);
  const ev = cli(['verify', join(base, 'smoke', 'sklearn')]);
  assert.equal(ev.code, 0, ev.stderr);
  assert.match(ev.stdout, /2 model\(s\) on moons/);
});
