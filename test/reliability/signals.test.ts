// Ctrl-C, SIGTERM and SIGHUP to a real run: every worker's process group is killed, the running
// cells are recorded as interrupted (state `crashed`, `interrupted: <signal>`), run.json is
// written, the exit code is 128 + the signal, and --resume reruns the interrupted cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredCell } from '../../src/store/integrity.js';
import { withFaults } from '../e2e/helpers.js';
import { CLI, ROOT, TINY, childPids, cli, isAlive, readJson, startCli, tempDir, waitFor } from './helpers.js';

const CASES = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const;

for (const [signal, code] of CASES) {
  test(`${signal} stops the workers, records interrupted cells, writes run.json, exits ${code}`, { timeout: 120_000 }, async () => {
    const out = tempDir(`sig-${signal}`);
    // Both cells hang in their worker (the fixture fault worker): the run cannot end by itself.
    const hang = withFaults({ blobs: 'hang' });
    const run = startCli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--run-id', 'r', '--json', '--jobs', '2', ...hang.args], hang.env);
    assert.ok(
      await waitFor(() => (run.out().match(/"cell-start"/g) ?? []).length === 2 && childPids(run.child.pid!).length === 2, 60_000),
      `workers did not start:\n${run.err()}`,
    );
    const workers = childPids(run.child.pid!);
    run.child.kill(signal);
    const exit = await run.exit;
    assert.equal(exit.code, code, run.err());
    assert.ok(
      await waitFor(() => workers.every((p) => !isAlive(p)), 5000),
      `workers still alive after the parent exited: ${workers.filter(isAlive).join(', ')}`,
    );
    const dir = join(out, 'tiny', 'r');
    const runJson = readJson<{ interrupted?: string; counts: Record<string, number> }>(join(dir, 'run.json'));
    assert.equal(runJson.interrupted, signal);
    assert.equal(runJson.counts.interrupted, 2);
    for (const id of ['blobs.linear.sgd.s1', 'blobs.linear.sgd.s2']) {
      const r = readStoredCell(dir, id).result;
      assert.ok(r && r.state === 'crashed' && r.interrupted === signal, JSON.stringify(r).slice(0, 300));
    }
    assert.doesNotMatch(run.err(), /\n\s+at /, 'no stack trace');
    assert.match(run.err(), /--resume r/);
    if (signal === 'SIGTERM') {
      // Interrupted cells are rerun by a plain --resume (no --retry-failed needed).
      const again = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--resume', 'r']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /2 cells to run \(0 already done\)/);
      assert.equal(readJson<{ counts: Record<string, number> }>(join(dir, 'run.json')).counts.completed, 2);
    }
  });
}

test('run --json | head: a closed stdout ends the run quietly and run.json is written', { timeout: 120_000 }, () => {
  const out = tempDir('epipe');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${CLI}" run ${TINY} --out "${out}" --backend cpu --no-report --run-id r --json 2>"${out}/err.txt" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  const err = readFileSync(join(out, 'err.txt'), 'utf8');
  assert.doesNotMatch(err, /EPIPE|internal error|\n\s+at /, err);
  assert.equal(r.stdout.trim(), '141', `exit status of divbench: ${r.stdout} ${err}`);
  const runJson = readJson<{ interrupted?: string }>(join(out, 'tiny', 'r', 'run.json'));
  assert.equal(runJson.interrupted, 'SIGPIPE');
});
