// `submit --force` is atomic: the new baseline is written and verified beside the old one, then
// renamed into place. Killed (SIGKILL) at any stage, the folder holds the old baseline or the new
// one — never neither — and the next command cleans up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeFixtureRun, DEFAULT_CELLS } from '../baselines/fixture-run.js';
import { tmp } from '../baselines/helpers.js';
import { ROOT, cli } from './helpers.js';

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { models: unknown[] };

for (const stage of ['staged', 'moved-old', 'swapped']) {
  test(`submit --force killed at '${stage}' leaves a verified baseline (old or new)`, { timeout: 120_000 }, async () => {
    const oldRun = await makeFixtureRun(tmp('old'), DEFAULT_CELLS.slice(0, 2));
    const newRun = await makeFixtureRun(tmp('new'), DEFAULT_CELLS);
    const root = tmp('root');
    const first = cli(['submit', oldRun, '--name', 'b', '--out', root]);
    assert.equal(first.code, 0, first.stderr);
    const dir = join(root, 'smoke', 'b');
    assert.equal(manifestOf(dir).models.length, 2);
    // `submit --force` killed at that step (the fixture runs the real submit with a kill hook).
    const killed = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/submit-killed.ts'), stage, newRun, 'b', root], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(killed.signal, 'SIGKILL', `killed by SIGKILL: ${killed.stderr}`);
    const v = cli(['verify', dir]);
    assert.equal(v.code, 0, v.stderr);
    const models = manifestOf(dir).models.length;
    assert.equal(models, stage === 'swapped' ? 4 : 2, 'the new baseline once in place, the old one before');
    // The next submit cleans the leftovers and replaces it properly.
    const again = cli(['submit', newRun, '--name', 'b', '--out', root, '--force']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(manifestOf(dir).models.length, 4);
    assert.deepEqual(readdirSync(root).sort(), ['smoke']);
    assert.deepEqual(readdirSync(join(root, 'smoke')), ['b']);
  });
}
