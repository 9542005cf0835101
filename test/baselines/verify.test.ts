// Submit → verify round trip on a synthetic run, and each forgery rejected with its own message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC, makeTable } from 'apache-arrow';
import { verifyBaseline } from '../../src/baselines/verify.js';
import { draftFromRun } from '../../src/baselines/submit-run.js';
import { writeBaseline } from '../../src/baselines/manifest/write.js';
import { editManifest, fixtureBaseline, rehash, tmp } from './helpers.js';

async function problems(dir: string): Promise<string[]> {
  return (await verifyBaseline(dir)).problems;
}

function has(list: string[], re: RegExp): void {
  assert.ok(
    list.some((p) => re.test(p)),
    `expected a problem matching ${re}, got:\n${list.join('\n')}`,
  );
}

test('submit → verify round trip; same run gives byte-identical files', async () => {
  const { run, dir } = await fixtureBaseline();
  assert.deepEqual(await problems(dir), []);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(m.schemaVersion, 1);
  assert.equal(m.kind, 'run');
  assert.equal(m.models.length, 4);
  assert.equal(m.suite.file, 'suites/smoke.yaml');
  assert.match(m.datasets[0].foldHashes[0], /^sha256:/);
  assert.ok(m.indices.blobs.errorConsistency !== undefined);
  const again = writeBaseline(tmp('again'), draftFromRun(run, 'fixture').draft).dir;
  for (const f of ['manifest.json', 'datasets/blobs.arrow', 'models/blobs.linear.sgd.s1.arrow']) {
    assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(again, f))), `${f} differs between two submissions`);
  }
});

test('a forged accuracy is rejected', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => (m.models[0].folds[0].heldOut.accuracy = 0.999));
  const p = await problems(dir);
  has(p, /model 'blobs\.linear\.adam\.s1' repeat 0 fold 0: held-out accuracy in the manifest is 0\.999, recomputed from the predictions 0\.\d+/);
});

test('a forged headline index is rejected', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => (m.indices.blobs.errorConsistency = 0.01));
  has(await problems(dir), /indices\['blobs'\]\.errorConsistency: manifest says 0\.01, recomputed/);
});

test('a flipped prediction is rejected even when the file hash is updated', async () => {
  const { dir } = await fixtureBaseline();
  const rel = 'models/blobs.mlp.sgd.s1.arrow';
  const table = tableFromIPC(readFileSync(join(dir, rel)));
  const cols: Record<string, any> = {};
  for (const f of table.schema.fields) cols[f.name] = table.getChild(f.name)!.toArray().slice();
  const labels = tableFromIPC(readFileSync(join(dir, 'datasets/blobs.arrow')))
    .getChild('label')!
    .toArray();
  const x = cols.pred.findIndex((v: number, i: number) => v === labels[i]);
  cols.pred[x] = (cols.pred[x] + 1) % 3;
  writeFileSync(join(dir, rel), tableToIPC(makeTable(cols), 'file'));
  has(await problems(dir), /sha256 differs from the manifest's/);
  rehash(dir, rel);
  const p = await problems(dir);
  has(p, /model 'blobs\.mlp\.sgd\.s1' repeat 0 fold \d: held-out accuracy in the manifest is .*, recomputed from the predictions/);
  has(p, /predicted class is not the most probable one/);
  assert.ok(!p.some((l) => /sha256/.test(l)));
});

test('a wrong fold hash is rejected', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => (m.datasets[0].foldHashes[0] = `sha256:${'0'.repeat(64)}`));
  has(
    await problems(dir),
    /dataset 'blobs': fold hash of repeat 0 in the manifest \(sha256:0+\) does not match the suite's fold assignment recomputed from the dataset's labels/,
  );
});

test('a wrong dataset hash is rejected', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => (m.datasets[0].hash = `sha256:${'1'.repeat(64)}`));
  has(await problems(dir), /dataset 'blobs': dataset hash in the manifest is sha256:1+, the dataset loads as/);
});

test('a truncated predictions file is rejected', async () => {
  const { dir } = await fixtureBaseline();
  const rel = 'models/blobs.linear.sgd.s1.arrow';
  truncateSync(join(dir, rel), 600);
  const p = await problems(dir);
  has(p, /model 'blobs\.linear\.sgd\.s1': models\/blobs\.linear\.sgd\.s1\.arrow has 600 bytes, the manifest says \d+ \(truncated or modified\)/);
  has(p, /model 'blobs\.linear\.sgd\.s1': models\/blobs\.linear\.sgd\.s1\.arrow is truncated or not an Arrow IPC file/);
});

test('an unknown schema version is rejected on its own', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m) => (m.schemaVersion = 2));
  assert.deepEqual(await problems(dir), [
    'manifest.json: schemaVersion 2 is not supported (this divbench reads schemaVersion 1); upgrade divbench or resubmit the baseline',
  ]);
});

test('path traversal, bad names, duplicates, stray files and symlinks are rejected', async () => {
  const { run, root, dir } = await fixtureBaseline();
  assert.throws(
    () => writeBaseline(root, draftFromRun(run, '../evil').draft),
    /baseline name '\.\.\/evil' contains a path separator or '\.\.' \(path traversal is not allowed\)/,
  );
  editManifest(dir, (m) => (m.models[0].file.path = '../../../etc/passwd'));
  has(
    await problems(dir),
    /model 'blobs\.linear\.adam\.s1': file path '\.\.\/\.\.\/\.\.\/etc\/passwd' is not the expected 'models\/blobs\.linear\.adam\.s1\.arrow' \(it points outside the baseline folder\)/,
  );

  const b = (await fixtureBaseline()).dir;
  editManifest(b, (m) => (m.models[1].id = 'Bad_ID'));
  has(await problems(b), /models\[1\]\.id: must be kebab-case parts joined by dots/);

  const c = (await fixtureBaseline()).dir;
  editManifest(c, (m) => m.models.push({ ...m.models[0] }));
  has(await problems(c), /duplicate model id 'blobs\.linear\.adam\.s1'/);

  const d = (await fixtureBaseline()).dir;
  appendFileSync(join(d, 'notes.txt'), 'hello');
  symlinkSync('/etc/hostname', join(d, 'models', 'link.arrow'));
  const p = await problems(d);
  has(p, /unexpected file 'notes\.txt' \(not named by the manifest\)/);
  has(p, /'models\/link\.arrow' is a symbolic link/);

  const e = (await fixtureBaseline('good-name')).dir;
  const renamed = join(e, '..', 'Not_Kebab');
  cpSync(e, renamed, { recursive: true });
  const q = await problems(renamed);
  has(q, /baseline folder name 'Not_Kebab' is not kebab-case/);
  has(q, /manifest name 'good-name' does not match its folder 'Not_Kebab'/);
});

test('a run whose result.json disagrees with its predictions cannot be submitted', async () => {
  const { run } = await fixtureBaseline();
  const p = join(run, 'cells', 'blobs.linear.sgd.s1', 'result.json');
  const r = JSON.parse(readFileSync(p, 'utf8'));
  r.folds[1].heldOut.accuracy = 1;
  writeFileSync(p, JSON.stringify(r));
  assert.throws(
    () => draftFromRun(run, 'x'),
    /blobs\.linear\.sgd\.s1: result\.json claims held-out accuracy 1 for repeat 0 fold 2; its predictions give .* the run is damaged and cannot be submitted/,
  );
});

test('the committed default-suite baseline holds non-network families (forest, boosting) and verifies', async () => {
  const dir = 'reports/baselines/fashion-mnist/wasm-2core';
  assert.deepEqual(await problems(dir), []);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const forest = m.models.find((x: { id: string }) => x.id === 'fashion-mnist.forest.s1');
  assert.equal(forest.model.type, 'random-forest');
  assert.equal(forest.architecture, undefined);
  const cnn = m.models.find((x: { id: string }) => x.id === 'fashion-mnist.cnn.adam.s1');
  assert.equal(cnn.architecture.id, 'cnn');
  assert.equal(cnn.model, undefined);
});

test('a run-baseline model with both a model component and an architecture is refused', async () => {
  const { dir } = await fixtureBaseline();
  editManifest(dir, (m: any) => {
    m.models[0].model = { type: 'random-forest', id: 'forest', params: {} };
  });
  has(await problems(dir), /needs a seed and either architecture \+ optimizer \(a network\) or model/);
});
