// Kill the parent with SIGKILL mid-run, resume, and get the same results as a clean run; an
// edited suite never reuses a stale result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllResults } from '../../src/harness/run-dir.js';
import { CLI, ROOT, cli, onlyRun, tempDir } from './helpers.js';

function resultCount(out: string): number {
  const suiteDir = join(out, 'smoke');
  if (!existsSync(suiteDir)) return 0;
  return readdirSync(suiteDir).reduce((n, run) => {
    const cells = join(suiteDir, run, 'cells');
    return n + (existsSync(cells) ? readdirSync(cells).filter((c) => existsSync(join(cells, c, 'result.json'))).length : 0);
  }, 0);
}

test('SIGKILL of the parent mid-run, then --resume, gives the clean run\'s results', { timeout: 600_000 }, async () => {
  const clean = tempDir('clean');
  assert.equal(cli(['run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', clean, '--no-report']).code, 0);

  const out = tempDir('killed');
  const child = spawn(process.execPath, [CLI, 'run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', out, '--no-report'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  const deadline = Date.now() + 120_000;
  while (resultCount(out) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const before = resultCount(out);
  assert.ok(before >= 5 && before < 16, `killed after ${before} results`);
  // give orphaned workers a moment to notice the parent is gone
  await new Promise((r) => setTimeout(r, 1000));

  const resumed = cli(['run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', out, '--resume', '--no-report']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`${16 - before} cells to run \\(${before} already done\\)`));

  const a = readAllResults(onlyRun(clean, 'smoke'));
  const b = readAllResults(onlyRun(out, 'smoke'));
  assert.equal(b.length, 16);
  a.forEach((r, i) => {
    assert.ok(r.state === 'completed' && b[i].state === 'completed', b[i].cellId);
    if (r.state !== 'completed' || b[i].state !== 'completed') return;
    assert.equal(b[i].files.predictions.sha256, r.files.predictions.sha256, r.cellId);
    const file = readFileSync(join(onlyRun(out, 'smoke'), 'cells', r.cellId, 'predictions.arrow'));
    assert.equal(file.byteLength, r.files.predictions.bytes, 'stored file matches its recorded size');
  });
  // no temporary files left behind
  for (const c of readdirSync(join(onlyRun(out, 'smoke'), 'cells'))) {
    assert.deepEqual(readdirSync(join(onlyRun(out, 'smoke'), 'cells', c)).filter((f) => f.endsWith('.tmp')), []);
  }
});

test('an edited suite does not reuse stale results on --resume', { timeout: 300_000 }, () => {
  const out = tempDir('stale');
  const dir = tempDir('suite');
  const text = readFileSync(join(ROOT, 'test/fixtures/suites/faults.yaml'), 'utf8');
  writeFileSync(join(dir, 'faults.yaml'), text);
  assert.equal(cli(['run', join(dir, 'faults.yaml'), '--backend', 'cpu', '--out', out, '--no-report', '--jobs', '2']).code, 0);
  writeFileSync(join(dir, 'faults.yaml'), text.replace('epochs: 2', 'epochs: 3'));
  const r = cli(['run', join(dir, 'faults.yaml'), '--backend', 'cpu', '--out', out, '--no-report', '--resume']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /8 cells to run \(0 already done\)/);
  assert.ok(readAllResults(onlyRun(out, 'faults')).every((x) => x.cell.protocol.epochs === 3));
});
