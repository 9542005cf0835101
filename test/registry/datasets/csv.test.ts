import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatasetError } from '../../../src/errors.js';
import { csv } from '../../../src/registry/datasets/csv.js';
import { parseCsv } from '../../../src/registry/datasets/csv-parse.js';
import { ctx, tempDir, write } from './helpers.js';

const parse = (p: unknown) => csv.params.parse(p);

async function load(t: Parameters<typeof tempDir>[0], text: string, params: Record<string, unknown> = {}, files: Record<string, string> = {}) {
  const dir = tempDir(t);
  const file = write(join(dir, 'data.csv'), text);
  for (const [name, body] of Object.entries(files)) write(join(dir, name), body);
  return { file, dir, data: await csv.load(parse({ path: 'data.csv', ...params }), ctx({ suiteDir: dir })) };
}

test('parseCsv: quotes, doubled quotes, delimiters and newlines inside quotes, CRLF, BOM, blank lines', () => {
  const rows = parseCsv('\ufeffa,"b,c","say ""hi"""\r\n\r\n1,"two\nlines",3\n4,5,6', ',', 'f.csv');
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
      ['4', '5', '6'],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 3, 5],
  );
  assert.throws(
    () => parseCsv('a,b\n1,"open\n2,3\n', ',', 'f.csv'),
    (e: unknown) => e instanceof DatasetError && /^f\.csv:2: quoted field never closed/.test(e.message),
  );
  assert.throws(
    () => parseCsv('a,b"c\n', ',', 'f.csv'),
    (e: unknown) => e instanceof DatasetError && /^f\.csv:1: a quote inside/.test(e.message),
  );
});

test('csv: label defaults to the last column; classes are the sorted distinct values', async (t) => {
  const { data } = await load(t, 'x,y,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n7,8,versicolor\n');
  assert.equal(data.n, 4);
  assert.deepEqual(data.shape, [2]);
  assert.equal(data.kind, 'tabular');
  assert.deepEqual(data.featureNames, ['x', 'y']);
  assert.deepEqual(data.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual([...data.y], [0, 2, 0, 1]);
  assert.deepEqual([...data.x], [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('csv: numeric labels sort numerically; label by name or index; ignore; tab delimiter; no header', async (t) => {
  const numeric = await load(t, 'id;label;f\n1;10;0.5\n2;2;1.5\n3;2.0;2.5\n', { delimiter: ';', label: 'label', ignore: ['id'] });
  assert.deepEqual(numeric.data.classNames, ['2', '10']);
  assert.deepEqual([...numeric.data.y], [1, 0, 0]);
  assert.deepEqual(numeric.data.featureNames, ['f']);
  const tsv = await load(t, '0\t1.5\t-2\n1\t2.5\t3e2\n', { delimiter: '\t', header: false, label: 0 });
  assert.deepEqual([...tsv.data.x], [1.5, -2, 2.5, 300]);
  assert.deepEqual(tsv.data.featureNames, ['column 1', 'column 2']);
});

test('csv: standardize z-scores with pool statistics (population std) and scales the test split alike', async (t) => {
  const { data } = await load(t, 'a,b,c\n1,5,x\n3,5,y\n5,5,x\n', { standardize: true, testPath: 'test.csv' }, { 'test.csv': 'a,b,c\n3,6,y\n' });
  const s = Math.sqrt(8 / 3);
  const got = [...data.x];
  [-2 / s, 0, 0, 0, 2 / s, 0].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-6, `x[${i}] = ${got[i]}, want ${v}`));
  assert.deepEqual(data.test && [...data.test.x], [0, 1]);
  assert.deepEqual(data.test && [...data.test.y], [1]);
});

test('csv hash: same bytes and settings agree; settings or bytes change it; path does not', async (t) => {
  const text = 'a,b\n1,x\n2,y\n';
  const h1 = (await load(t, text)).data.hash;
  assert.equal((await load(t, text)).data.hash, h1);
  assert.notEqual((await load(t, text, { standardize: true })).data.hash, h1);
  assert.notEqual((await load(t, 'a,b\n1,x\n3,y\n')).data.hash, h1);
});

const bad: Array<[string, string, Record<string, unknown>, RegExp]> = [
  ['a ragged row', 'a,b,c\n1,2,x\n3,4\n', {}, /data\.csv:3: 2 fields, expected 3 as on the header on line 1/],
  ['a non-numeric value', 'a,b,c\n1,2,x\n3,four,y\n', {}, /data\.csv:3: column 2 \('b'\): value 'four' is not a finite number/],
  ['an empty value', 'a,b,c\n1,,x\n', {}, /data\.csv:2: column 2 \('b'\): value is empty/],
  ['an unknown label column', 'a,b,c\n1,2,x\n', { label: 'kind' }, /no column named 'kind'\. Columns: a, b, c/],
  ['a label index out of range', 'a,b,c\n1,2,x\n', { label: 7 }, /column index 7 out of range/],
  ['a single class', 'a,b\n1,x\n2,x\n', {}, /single value 'x'/],
  ['an empty file', '', {}, /empty CSV file/],
  ['a header only', 'a,b\n', {}, /no data rows after the header/],
  ['a name without a header', '1,2\n3,4\n', { header: false, label: 'b' }, /header is false/],
];
for (const [name, text, params, message] of bad) {
  test(`csv rejects ${name}, naming the file`, async (t) => {
    await assert.rejects(load(t, text, params), (e: unknown) => {
      assert.ok(e instanceof DatasetError);
      assert.match(e.message, /data\.csv/);
      assert.match(e.message, message);
      return true;
    });
  });
}

test('csv rejects a test split with an unseen label or other columns', async (t) => {
  await assert.rejects(
    load(t, 'a,b\n1,x\n2,y\n', { testPath: 't.csv' }, { 't.csv': 'a,b\n1,x\n5,z\n' }),
    (e: unknown) => e instanceof DatasetError && /t\.csv:3: label 'z' does not occur/.test(e.message),
  );
  await assert.rejects(
    load(t, 'a,b\n1,x\n2,y\n', { testPath: 't.csv' }, { 't.csv': 'q,b\n1,x\n' }),
    (e: unknown) => e instanceof DatasetError && /t\.csv: columns differ/.test(e.message),
  );
});
