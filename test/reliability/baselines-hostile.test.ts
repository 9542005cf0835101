// Forged and hostile baselines: every stored number that can be checked is, declared sizes are
// bounded before anything is allocated, and a manifest cannot make verify open or print a local
// file. Each is a listed problem (exit 2 from the CLI), fast, without a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTable, tableFromIPC, tableToIPC } from 'apache-arrow';
import { verifyBaseline } from '../../src/baselines/verify.js';
import { editManifest, fixtureBaseline, rehash } from '../baselines/helpers.js';
import { cli } from './helpers.js';

function editModelColumn(dir: string, edit: (cols: Record<string, any>) => void): void {
  const rel = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).models[0].file.path as string;
  const t = tableFromIPC(readFileSync(join(dir, rel)));
  const cols: Record<string, any> = {};
  for (const f of t.schema.fields) cols[f.name] = t.getChild(f.name)!.toArray().slice();
  edit(cols);
  writeFileSync(join(dir, rel), tableToIPC(makeTable(cols), 'file'));
  rehash(dir, rel);
}

const CASES: Array<[string, (dir: string) => void, RegExp]> = [
  [
    'true-class probabilities forged to 0.99 (a forged loss)',
    (d) => editModelColumn(d, (c) => c.ptrue.fill(0.99)),
    /stored true-class probability 0\.99\d* disagrees with the quantised probabilities/,
  ],
  [
    'a true-class probability of 1.5',
    (d) =>
      editModelColumn(d, (c) => {
        c.ptrue[0] = 1.5;
      }),
    /row 0: stored true-class probability 1\.5 is not in \[0, 1\]/,
  ],
  [
    'an attested training accuracy of 1.5',
    (d) =>
      editManifest(d, (m) => {
        m.models[0].folds[0].train.accuracy = 1.5;
      }),
    /train\.accuracy: .*(<=1|1)/,
  ],
  [
    'a negative attested loss',
    (d) =>
      editManifest(d, (m) => {
        m.models[0].folds[0].train.loss = -0.5;
      }),
    /train\.loss/,
  ],
  [
    'a negative throughput',
    (d) =>
      editManifest(d, (m) => {
        m.models[0].throughput = { backend: 'cpu', trainSamplesPerSec: -5, inferenceSamplesPerSec: 10 };
      }),
    /throughput\.trainSamplesPerSec/,
  ],
  [
    'numClasses of 10⁹',
    (d) =>
      editManifest(d, (m) => {
        m.datasets[0].numClasses = 1e9;
      }),
    /datasets\[0\]\.numClasses/,
  ],
  [
    'a fold count of 10⁹',
    (d) =>
      editManifest(d, (m) => {
        m.datasets[0].folds = 1e9;
      }),
    /datasets\[0\]\.folds/,
  ],
  [
    'N of 10⁹',
    (d) =>
      editManifest(d, (m) => {
        m.datasets[0].n = 1e9;
      }),
    /datasets\[0\]\.n/,
  ],
  [
    'N larger than the files hold',
    (d) =>
      editManifest(d, (m) => {
        m.datasets[0].n = 5e7;
      }),
    /more than its \d+-byte file can hold/,
  ],
  [
    'suite.file pointing out of the package',
    (d) =>
      editManifest(d, (m) => {
        m.suite.file = '../../../../../../etc/passwd';
      }),
    /is not a \.yaml file inside the divbench package/,
  ],
  [
    'an absolute suite.file',
    (d) =>
      editManifest(d, (m) => {
        m.suite.file = '/etc/passwd';
      }),
    /is not a \.yaml file inside the divbench package/,
  ],
];

for (const [name, forge, problem] of CASES) {
  test(`verify rejects ${name}`, { timeout: 60_000 }, async () => {
    const { dir } = await fixtureBaseline();
    forge(dir);
    const started = Date.now();
    const { problems } = await verifyBaseline(dir);
    assert.ok(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    );
    assert.ok(Date.now() - started < 20_000, 'bounded before allocating');
  });
}

test('a manifest naming local files cannot make verify print them', { timeout: 60_000 }, async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => {
    m.suite.file = '../../../../../../etc/passwd';
    m.datasets[0].type = 'csv';
    m.datasets[0].params = { path: '../../../../../../etc/passwd' };
  });
  const r = cli(['verify', dir]);
  assert.equal(r.code, 2, r.stderr);
  const firstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
  assert.ok(!r.stderr.includes(firstLine.slice(0, 10)) && !r.stdout.includes(firstLine.slice(0, 10)), r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  // With the suite named by the user, the manifest's own dataset path is still never followed.
  const r2 = cli(['verify', dir, '--suite', 'suites/smoke.yaml']);
  assert.equal(r2.code, 2);
  assert.ok(!r2.stderr.includes(firstLine.slice(0, 10)), r2.stderr);
});
