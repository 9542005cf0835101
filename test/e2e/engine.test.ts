// The execution engine end to end, against one clean run of the smoke suite: kill the parent with
// SIGKILL mid-run and resume; run in 3 shards and merge; an edited suite never reuses a stale
// result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAllResults } from '../../src/store/run-dir.js';
import { smokeRunCopy } from '../fixtures/smoke-run.js';
import { CLI, ROOT, cli, onlyRun, tempDir } from './helpers.js';

function resultCount(out: string): number {
  const suiteDir = join(out, 'smoke');
  if (!existsSync(suiteDir)) return 0;
  return readdirSync(suiteDir).reduce((n, run) => {
    const cells = join(suiteDir, run, 'cells');
    return n + (existsSync(cells) ? readdirSync(cells).filter((c) => existsSync(join(cells, c, 'result.json'))).length : 0);
  }, 0);
}

let cleanRun: string | undefined;
function clean(): string {
  cleanRun ??= smokeRunCopy('clean').run;
  return cleanRun;
}

function assertSameResults(dir: string) {
  const a = readAllResults(clean());
  const b = readAllResults(dir);
  assert.deepEqual(
    b.map((r) => r.cellId),
    a.map((r) => r.cellId),
  );
  a.forEach((r, i) => {
    assert.ok(r.state === 'completed' && b[i].state === 'completed', b[i].cellId);
    if (r.state !== 'completed' || b[i].state !== 'completed') return;
    assert.equal(b[i].files.predictions.sha256, r.files.predictions.sha256, r.cellId);
    assert.deepEqual(
      b[i].folds.map((f) => f.heldOut),
      r.folds.map((f) => f.heldOut),
    );
  });
}

test("SIGKILL of the parent mid-run, then --resume, gives the clean run's results", { timeout: 600_000 }, async () => {
  clean();

  const out = tempDir('killed');
  const child = spawn(process.execPath, [CLI, 'run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', out, '--no-report'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, CI: 'true' },
  });
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

  assertSameResults(onlyRun(out, 'smoke'));
  for (const r of readAllResults(onlyRun(out, 'smoke'))) {
    if (r.state !== 'completed') continue;
    const file = readFileSync(join(onlyRun(out, 'smoke'), 'cells', r.cellId, 'predictions.arrow'));
    assert.equal(file.byteLength, r.files.predictions.bytes, 'stored file matches its recorded size');
  }
  // no temporary files left behind
  for (const c of readdirSync(join(onlyRun(out, 'smoke'), 'cells'))) {
    assert.deepEqual(
      readdirSync(join(onlyRun(out, 'smoke'), 'cells', c)).filter((f) => f.endsWith('.tmp')),
      [],
    );
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

test('3 shards merged equal the unsharded run', { timeout: 600_000 }, () => {
  const out = tempDir('shards');
  const dirs = [1, 2, 3].map((i) => {
    const r = cli(['run', 'suites/smoke.yaml', '--backend', 'cpu', '--out', out, '--no-report', '--jobs', '1', '--shard', `${i}/3`]);
    assert.equal(r.code, 0, r.stderr);
    return join(
      out,
      'smoke',
      readdirSync(join(out, 'smoke')).find((d) => d.endsWith(`.shard-${i}-of-3`))!,
    );
  });
  const sizes = dirs.map((d) => readAllResults(d).length);
  assert.deepEqual(sizes, [6, 5, 5], 'balanced, deterministic shards');
  const merged = join(tempDir('merged'), 'run');
  const m = cli(['merge', ...dirs, '--out', merged]);
  assert.equal(m.code, 0, m.stderr);
  assertSameResults(merged);
  assert.ok(existsSync(join(merged, 'index.html')));
  // a shard of another suite is refused
  const other = tempDir('other');
  assert.equal(cli(['run', 'test/fixtures/suites/faults.yaml', '--backend', 'cpu', '--out', other, '--no-report', '--shard', '1/8']).code, 0);
  const refused = cli(['merge', dirs[0], onlyRun(other, 'faults'), '--out', join(tempDir('bad'), 'run')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /error\[merge-refused\]: .* ran a different suite/);
});

test('shard via the scheduler environment, with --json progress events', () => {
  const out = tempDir('k8s');
  const r = cli(
    ['run', 'test/fixtures/suites/faults.yaml', '--backend', 'cpu', '--out', out, '--no-report', '--shard', 'auto/8', '--run-id', 'k8s-2', '--json'],
    { env: { JOB_COMPLETION_INDEX: '1' } },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    readAllResults(join(out, 'faults', 'k8s-2')).map((x) => x.cellId),
    ['blobs.linear.sgd.s2'],
  );
  const events = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; cellId?: string; state?: string });
  assert.equal(events[0].event, 'run-start');
  assert.ok(events.some((e) => e.event === 'fold' && e.cellId === 'blobs.linear.sgd.s2'));
  assert.deepEqual(
    events.filter((e) => e.event === 'cell-end').map((e) => e.state),
    ['completed'],
  );
  assert.equal(events[events.length - 1].event, 'run-end');
});
