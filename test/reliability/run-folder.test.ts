// A run folder is written by one run at a time and never silently reused: `--run-id` of an
// existing run, `--resume` of another suite's run, and a second writer are refused (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { lockFolder, LOCK_FILE } from '../../src/store/run-lock.js';
import { TINY, cli, readJson, tempDir, tinyRun } from './helpers.js';

test('run --run-id <existing> without --resume is refused and leaves the run as it was', { timeout: 120_000 }, () => {
  const dir = tinyRun().copy();
  const out = join(dir, '..', '..');
  const before = readFileSync(join(dir, 'cells', 'blobs.linear.sgd.s1', 'result.json'), 'utf8');
  const suiteBefore = readFileSync(join(dir, 'suite.json'), 'utf8');
  const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--run-id', 'fixture']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /already exists/);
  assert.match(r.stderr, /--resume fixture/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readFileSync(join(dir, 'cells', 'blobs.linear.sgd.s1', 'result.json'), 'utf8'), before);
  assert.equal(readFileSync(join(dir, 'suite.json'), 'utf8'), suiteBefore);
});

test('--resume of a run of another suite is refused', { timeout: 120_000 }, () => {
  const dir = tinyRun().copy();
  const other = join(tempDir('other-suite'), 'other.yaml');
  writeFileSync(other, readFileSync(TINY, 'utf8').replace('name: tiny', 'name: other'));
  const before = readFileSync(join(dir, 'suite.json'), 'utf8');
  const r = cli(['run', other, '--backend', 'cpu', '--no-report', '--resume', dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /is a run of suite 'tiny', not of 'other'/);
  assert.equal(readFileSync(join(dir, 'suite.json'), 'utf8'), before);
});

test('a run folder locked by a live process refuses a second writer; a dead pid on this host is stale', { timeout: 120_000 }, () => {
  const dir = tinyRun().copy();
  const out = join(dir, '..', '..');
  // Live holder: this test process.
  const lock = lockFolder(dir, 'test holder');
  try {
    const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--resume', 'fixture']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`being written by another divbench process \\(pid ${process.pid}`));
    const rep = cli(['report', dir]);
    assert.equal(rep.code, 2, 'report refuses to write into a folder another process is writing');
  } finally {
    lock.release();
  }
  // Stale holder: a pid that does not exist on this host.
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'divbench run' }),
  );
  const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--resume', 'fixture']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /0 cells to run \(2 already done\)/);
  // Another host: cannot be checked, refused.
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere.example', startedAt: '2026-01-01T00:00:00Z', command: 'divbench run' }));
  const r2 = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--resume', 'fixture']);
  assert.equal(r2.code, 2, r2.stderr);
  assert.match(r2.stderr, /another host \(elsewhere\.example\)/);
});

test('--out that is a file is one clear error', { timeout: 60_000 }, () => {
  const file = join(tempDir('out-file'), 'not-a-folder');
  writeFileSync(file, 'x');
  const r = cli(['run', TINY, '--out', file, '--backend', 'cpu', '--no-report']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /is a file, not a folder/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(readFileSync(file, 'utf8'), 'x');
});

test('a read-only output folder is one clear error', { timeout: 60_000, skip: process.getuid?.() === 0 ? 'root ignores permissions' : false }, () => {
  const out = tempDir('ro');
  mkdirSync(join(out, 'tiny'), { recursive: true, mode: 0o555 });
  const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /permission denied/);
});

test('lock files: re-entrant in one process, released afterwards', () => {
  const dir = tempDir('lock');
  const a = lockFolder(dir, 'a');
  const b = lockFolder(dir, 'b');
  b.release();
  assert.equal(readJson<{ pid: number }>(join(dir, LOCK_FILE)).pid, process.pid);
  a.release();
  assert.throws(() => readFileSync(join(dir, LOCK_FILE)), /ENOENT/);
});
