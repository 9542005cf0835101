// Integrity of run folders on resume, report and merge: a flipped bit, a truncated or missing
// Arrow file, malformed JSON and forged numbers are each found, listed and (on resume) rerun.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunFolder } from '../../src/store/run-dir.js';
import { readStoredCell } from '../../src/store/integrity.js';
import { TINY, cli, tempDir, tinyRun } from './helpers.js';

const CELL = 'blobs.linear.sgd.s1';
const cellFile = (dir: string, f: string) => join(dir, 'cells', CELL, f);

function flipBit(file: string, at: (len: number) => number) {
  const b = readFileSync(file);
  b[at(b.length)] ^= 0x01;
  writeFileSync(file, b);
}

function editResult(dir: string, edit: (r: Record<string, any>) => void) {
  const r = JSON.parse(readFileSync(cellFile(dir, 'result.json'), 'utf8'));
  edit(r);
  writeFileSync(cellFile(dir, 'result.json'), JSON.stringify(r));
}

const DAMAGE: Array<[string, (dir: string) => void, RegExp]> = [
  ['one flipped bit in predictions.arrow', (d) => flipBit(cellFile(d, 'predictions.arrow'), (n) => Math.floor(n / 2)), /sha256 does not match/],
  ['a truncated predictions.arrow', (d) => truncateSync(cellFile(d, 'predictions.arrow'), 100), /is 100 bytes, result\.json recorded/],
  ['a missing predictions.arrow', (d) => rmSync(cellFile(d, 'predictions.arrow')), /predictions\.arrow is missing/],
  ['malformed result.json', (d) => writeFileSync(cellFile(d, 'result.json'), '{"state": "completed",'), /result\.json is not valid JSON/],
  [
    'a forged held-out accuracy',
    (d) =>
      editResult(d, (r) => {
        r.folds[0].heldOut.accuracy = 0.999;
      }),
    /claims held-out accuracy 0\.999 for repeat 0 fold 1; its predictions give/,
  ],
  [
    'a forged summary',
    (d) =>
      editResult(d, (r) => {
        r.summary.heldOutAccuracy.mean = 0.99;
      }),
    /summary claims held-out accuracy 0\.99/,
  ],
  [
    'an impossible accuracy',
    (d) =>
      editResult(d, (r) => {
        r.folds[0].train.accuracy = 1.5;
      }),
    /train\.accuracy 1\.5 is not in \[0, 1\]/,
  ],
  [
    'a huge declared class count',
    (d) =>
      editResult(d, (r) => {
        r.dataset.numClasses = 1e9;
      }),
    /numClasses 1000000000 is not a whole number/,
  ],
  [
    'a path out of the cell folder',
    (d) =>
      editResult(d, (r) => {
        r.files.predictions.path = '../../../../etc/passwd';
      }),
    /not a plain \.arrow file name/,
  ],
  [
    'a cellId of another folder',
    (d) =>
      editResult(d, (r) => {
        r.cellId = 'x';
      }),
    /does not match its folder/,
  ],
];

for (const [name, damage, problem] of DAMAGE) {
  test(`integrity: ${name} is a damaged cell, listed by report`, { timeout: 120_000 }, () => {
    const dir = tinyRun().copy();
    damage(dir);
    const stored = readStoredCell(dir, CELL);
    assert.ok(stored.problem && problem.test(stored.problem), stored.problem);
    const run = readRunFolder(dir);
    assert.deepEqual(
      run.damaged?.map((d) => d.cellId),
      [CELL],
    );
    assert.deepEqual(
      run.results.map((r) => r.cellId),
      ['blobs.linear.sgd.s2'],
    );
    const r = cli(['report', dir, '--bootstrap', '0']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`damaged cell left out: ${CELL.replace(/\./g, '\\.')}`));
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(html, /Damaged run: 1 cell failed the integrity checks/);
    assert.ok(html.includes(CELL));
  });
}

test('resume reruns a damaged cell (flipped bit) and keeps the sound one', { timeout: 120_000 }, () => {
  const dir = tinyRun().copy();
  flipBit(cellFile(dir, 'predictions.arrow'), (n) => n - 20);
  const keep = readFileSync(join(dir, 'cells', 'blobs.linear.sgd.s2', 'result.json'), 'utf8');
  const r = cli(['run', TINY, '--out', join(dir, '..', '..'), '--backend', 'cpu', '--no-report', '--resume', 'fixture']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /rerunning damaged cell blobs\.linear\.sgd\.s1/);
  assert.match(r.stderr, /1 cells to run \(1 already done\)/);
  assert.equal(readStoredCell(dir, CELL).problem, undefined);
  assert.equal(readFileSync(join(dir, 'cells', 'blobs.linear.sgd.s2', 'result.json'), 'utf8'), keep);
});

const FOLDER_JSON: Array<[string, string, string]> = [
  ['suite.json', '{"name": ', 'suite.json is not valid JSON'],
  ['suite.json', '[1,2]', 'suite.json is not a JSON object'],
  ['suite.json', '{"name": 5}', 'no suite name'],
  ['env.json', 'nope', 'env.json is not valid JSON'],
  ['run.json', '{', 'run.json is not valid JSON'],
];

for (const [file, text, message] of FOLDER_JSON) {
  test(`malformed ${file} (${text}) is one clear error, exit 2`, { timeout: 60_000 }, () => {
    const dir = tinyRun().copy();
    writeFileSync(join(dir, file), text);
    for (const args of [
      ['report', dir],
      ['merge', dir, '--out', join(tempDir('merge-bad'), 'm')],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.ok(r.stderr.includes(message), r.stderr);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
  });
}

test('merge leaves damaged cells out, lists them, and never writes into an existing folder', { timeout: 120_000 }, () => {
  const dir = tinyRun().copy();
  flipBit(cellFile(dir, 'predictions.arrow'), (n) => Math.floor(n / 3));
  const out = join(tempDir('merge'), 'merged');
  const r = cli(['merge', dir, '--out', out, '--no-report']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /damaged cell left out: .*blobs\.linear\.sgd\.s1: .*sha256/);
  assert.deepEqual(
    readRunFolder(out).results.map((x) => x.cellId),
    ['blobs.linear.sgd.s2'],
  );
  const again = cli(['merge', tinyRun().dir, '--out', out, '--no-report']);
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /already exists and is not empty/);
});
