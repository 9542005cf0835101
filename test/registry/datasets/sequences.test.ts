import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sequenceFile } from '../../../src/registry/datasets/sequences.js';
import { generateTokenMotifs, nthPermutation, tokenMotifs } from '../../../src/registry/datasets/token-motifs.js';
import { ctx, tempDir, write } from './helpers.js';

const loadFile = (dir: string, params: Record<string, unknown>) => sequenceFile.load(sequenceFile.params.parse(params), ctx({ suiteDir: dir }));

test('sequence-file: JSON lines are padded with 0, classes sorted, vocabulary inferred', async (t) => {
  const dir = tempDir(t);
  write(join(dir, 's.jsonl'), '{"tokens":[3,1,4],"label":"b"}\n\n{"tokens":[5],"label":"a"}\n{"tokens":[9,2,6,5],"label":"b"}\n');
  const d = await loadFile(dir, { path: 's.jsonl' });
  assert.equal(d.kind, 'sequence');
  assert.deepEqual(d.shape, [4]);
  assert.equal(d.vocabSize, 10);
  assert.deepEqual([...d.x], [3, 1, 4, 0, 5, 0, 0, 0, 9, 2, 6, 5]);
  assert.deepEqual(d.classNames, ['a', 'b']);
  assert.deepEqual([...d.y], [1, 0, 1]);
  const cut = await loadFile(dir, { path: 's.jsonl', maxLength: 2, truncate: 'start' });
  assert.deepEqual([...cut.x], [1, 4, 5, 0, 6, 5]);
  assert.match(cut.source, /2 truncated at the start/);
  assert.notEqual(cut.hash, d.hash);
});

test('sequence-file: CSV with space-separated ids and other column names', async (t) => {
  const dir = tempDir(t);
  write(join(dir, 's.csv'), 'text,y\n"1 2 3",0\n4 5,1\n');
  const d = await loadFile(dir, { path: 's.csv', tokens: 'text', label: 'y', vocabSize: 8 });
  assert.deepEqual([...d.x], [1, 2, 3, 4, 5, 0]);
  assert.equal(d.vocabSize, 8);
  assert.deepEqual([...d.y], [0, 1]);
});

test('sequence-file: bad input names the file, the line and the fix', async (t) => {
  const dir = tempDir(t);
  write(join(dir, 'a.jsonl'), '{"tokens":[1,2],"label":"x"}\n{"tokens":[1,-2],"label":"y"}\n');
  await assert.rejects(loadFile(dir, { path: 'a.jsonl' }), /a\.jsonl:2: token id -2 is not an integer/);
  write(join(dir, 'b.jsonl'), '{"tokens":[1,2],"label":"x"}\n{oops\n');
  await assert.rejects(loadFile(dir, { path: 'b.jsonl' }), /b\.jsonl:2: not valid JSON/);
  write(join(dir, 'c.jsonl'), '{"ids":[1,2],"label":"x"}\n');
  await assert.rejects(loadFile(dir, { path: 'c.jsonl' }), /c\.jsonl:1: each line needs the keys "tokens" and "label"/);
  write(join(dir, 'd.jsonl'), '{"tokens":[1,7],"label":"x"}\n{"tokens":[1],"label":"y"}\n');
  await assert.rejects(loadFile(dir, { path: 'd.jsonl', vocabSize: 5 }), /d\.jsonl:1: token id 7 ≥ vocabSize 5; raise vocabSize/);
  write(join(dir, 'e.csv'), 'tokens,label\n1 2,a\n3,a\n');
  await assert.rejects(loadFile(dir, { path: 'e.csv' }), /single|every example has the label 'a'/);
  write(join(dir, 'f.csv'), 'a,b\n1,2\n');
  await assert.rejects(loadFile(dir, { path: 'f.csv' }), /header needs the columns 'tokens' and 'label'/);
});

test('token-motifs: seeded, balanced, class = order of the motif, ids inside the vocabulary', async () => {
  const p = tokenMotifs.params.parse({ n: 80, classes: 4, length: 10, vocab: 20, motifLength: 3, corrupt: 0, seed: 3 });
  const a = await tokenMotifs.load(p, ctx());
  const b = generateTokenMotifs(p);
  assert.deepEqual(a.x, b.x);
  assert.equal(a.hash, b.hash);
  assert.notEqual(generateTokenMotifs({ ...p, seed: 4 }).hash, a.hash);
  assert.equal(a.kind, 'sequence');
  assert.equal(a.vocabSize, 20);
  for (let i = 0; i < a.n; i++) {
    const row = [...a.x.subarray(i * 10, (i + 1) * 10)];
    assert.ok(row.every((t) => Number.isInteger(t) && t >= 1 && t < 20));
    // With no corruption the class's order appears contiguously in its row.
    const order = a.classNames![a.y[i]].split('-').map(Number);
    assert.ok(
      row.some((_, s) => order.every((tok, j) => row[s + j] === tok)),
      `row ${i} lacks its motif`,
    );
  }
  assert.deepEqual([...a.y.slice(0, 8)], [0, 1, 2, 3, 0, 1, 2, 3]);
  assert.equal(new Set(a.classNames).size, 4);
  assert.deepEqual(nthPermutation(3, 0), [0, 1, 2]);
  assert.deepEqual(nthPermutation(3, 5), [2, 1, 0]);
  assert.equal(tokenMotifs.params.safeParse({ classes: 7, motifLength: 3 }).success, false);
});
