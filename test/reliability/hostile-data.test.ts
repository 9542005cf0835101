// A table of hostile dataset and suite inputs: each is one DatasetError/SuiteError whose message
// names the file (and line and column where there is one), is short, and echoes no huge value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, SuiteError } from '../../src/errors.js';
import { csv } from '../../src/registry/datasets/csv.js';
import { parseSuite, loadSuite } from '../../src/spec/load-suite.js';
import { PACKAGE_ROOT } from '../../src/package-info.js';

const HUGE = 'x'.repeat(10 * 1024 * 1024);

const CSV_CASES: Array<[string, string, RegExp]> = [
  ['value beyond float32', 'a,b,y\n1,2,p\n3,1e39,q\n', /data\.csv:3: column 2 \('b'\): value '1e39' is beyond float32's range/],
  ['negative beyond float32', 'a,b,y\n-3.5e38,2,p\n3,1,q\n', /data\.csv:2: column 1 \('a'\).*float32/],
  [
    'huge field is cut in the message',
    `a,b,y\n1,${HUGE},p\n2,3,q\n`,
    /data\.csv:2: column 2 \('b'\): value 'x{60}… \(10485760 characters\)' is not a finite number/,
  ],
  ['duplicate header names', 'a,a,y\n1,2,p\n3,4,q\n', /data\.csv:1: header names 'a' twice \(columns 1 and 2\)/],
  ['empty header name', 'a,,y\n1,2,p\n3,4,q\n', /data\.csv:1: header column 2 has no name/],
  ['NaN', 'a,y\nNaN,p\n1,q\n', /data\.csv:2: column 1 \('a'\): value 'NaN' is not a finite number/],
  ['Infinity', 'a,y\n1,p\nInfinity,q\n', /data\.csv:3: .*'Infinity' is not a finite number/],
  ['control characters in a header', 'a\u001b[31m,b,y\n1,2,p\n3,4,q\n', /.^/], // loads: names are data; checked below not to break messages
  ['ragged row', 'a,b,y\n1,2,p\n3,q\n', /data\.csv:3: 2 fields, expected 3/],
  ['one class', 'a,y\n1,p\n2,p\n', /single value 'p'/],
  ['unclosed quote', 'a,y\n"1,p\n', /data\.csv:2: quoted field never closed/],
  ['only a header', 'a,y\n', /no data rows after the header/],
];

for (const [name, text, expected] of CSV_CASES) {
  test(`csv hostile input: ${name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'divbench-hostile-'));
    writeFileSync(join(dir, 'data.csv'), text);
    const load = () => csv.load(csv.params.parse({ path: 'data.csv' }), { packageRoot: PACKAGE_ROOT, suiteDir: dir, env: {} });
    if (name === 'control characters in a header') {
      const d = await load();
      assert.equal(d.n, 2);
      return;
    }
    await assert.rejects(load, (e: unknown) => {
      assert.ok(e instanceof DatasetError, String(e));
      assert.match(e.message, expected);
      assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
      assert.doesNotMatch(e.message, /[\u0000-\u0009\u000b-\u001f]/, 'no control characters');
      return true;
    });
  });
}

test('csv: a folder where the file should be says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-hostile-'));
  mkdirSync(join(dir, 'data.csv'));
  await assert.rejects(
    csv.load(csv.params.parse({ path: 'data.csv' }), { packageRoot: PACKAGE_ROOT, suiteDir: dir, env: {} }),
    /data\.csv: is a folder, not a file/,
  );
});

const SUITE = (protocol: string) =>
  `name: s\ndatasets:\n  - type: blobs\narchitectures:\n  - type: linear\noptimizers:\n  - type: sgd\nseeds: [1]\nprotocol:\n  folds: 2\n  epochs: 1\n  batchSize: 8\n${protocol}`;

const SUITE_CASES: Array<[string, string, RegExp]> = [
  ['timeout "0s"', SUITE('  timeout: "0s"\n'), /must be longer than 0.*protocol\.timeout/],
  ['timeout 0', SUITE('  timeout: 0\n'), /protocol\.timeout/],
  ['timeout past what a timer can hold', SUITE('  timeout: "9999999h"\n'), /at most 2147483647 ms.*protocol\.timeout/],
];

for (const [name, text, expected] of SUITE_CASES) {
  test(`suite hostile input: ${name}`, () => {
    assert.throws(
      () => parseSuite(text, '/tmp/s.yaml', 's.yaml'),
      (e: unknown) => e instanceof SuiteError && expected.test(e.message),
    );
  });
}

test('a folder given as the suite file says so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-hostile-'));
  assert.throws(
    () => loadSuite(dir),
    (e: unknown) => e instanceof SuiteError && /is a folder, not a suite file/.test(e.message),
  );
});
