// A full disk (a small tmpfs) and a read-only file system under --out: one clear error, exit 2,
// no stack trace, nothing half-written trusted. Needs root to mount; skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckedResults } from '../../src/store/run-dir.js';
import { TINY, cli } from './helpers.js';

const canMount =
  process.getuid?.() === 0 &&
  (() => {
    const d = mkdtempSync(join(tmpdir(), 'divbench-mnt-'));
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', d]).status === 0;
    if (ok) spawnSync('umount', [d]);
    return ok;
  })();

for (const [name, options] of [
  ['a full disk (8 KiB)', 'size=8k'],
  ['a full disk (24 KiB, mid-run)', 'size=24k'],
  ['a read-only file system', 'size=64k,ro'],
] as const) {
  test(`run on ${name} is one clear error, exit 2`, { timeout: 120_000, skip: canMount ? false : 'needs root to mount a tmpfs' }, () => {
    const out = mkdtempSync(join(tmpdir(), 'divbench-disk-'));
    assert.equal(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', out]).status, 0);
    try {
      const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--run-id', 'r']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error\[write-failed\]: cannot write .*(no space left|read-only)/);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      if (options === 'size=24k') {
        const { damaged, results } = readCheckedResults(join(out, 'tiny', 'r'));
        assert.ok(
          results.every((x) => x.state === 'completed'),
          'no cell recorded as failed because of the disk',
        );
        assert.deepEqual(
          damaged.filter((d) => !/result\.json/.test(d.problem) && !/missing/.test(d.problem)),
          [],
        );
      }
    } finally {
      spawnSync('umount', [out]);
    }
  });
}
