// Baselines in the report, through the built CLI on one real smoke run: an external
// scikit-learn predictions file (with a hostile description in its meta) is submitted, verified
// and shown as labelled rows with its diversity contribution; the committed cpu-reference
// baseline joins the tie test; a forged baseline is a note, never rows; a bad name exits 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselinesForReport } from '../../src/report/baseline-rows.js';
import { loadRun } from '../../src/report/load-run.js';
import { smokeRunCopy } from '../fixtures/smoke-run.js';
import { cli, tempDir } from '../e2e/helpers.js';

const EVIL = '</td><script>alert(1)</script><img src=x onerror=alert(2)> "quoted" ../../etc';

test('baselines in the report: external rows, contribution, escaping, verification notes', { timeout: 600_000 }, async (t) => {
  const { run } = smokeRunCopy('bl-report');
  const root = tempDir('bl-report-root');
  const work = tempDir('bl-report-work');

  const fixture = JSON.parse(readFileSync('test/fixtures/baselines/sklearn-blobs.json', 'utf8'));
  fixture.meta = { framework: 'scikit-learn <b>1.2</b>', description: EVIL };
  writeFileSync(join(work, 'pred.json'), JSON.stringify(fixture));
  const s = cli(['submit', '--external', join(work, 'pred.json'), '--suite', 'suites/smoke.yaml', '--dataset', 'blobs', '--name', 'sklearn', '--out', root]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(cli(['verify', join(root, 'smoke', 'sklearn')]).code, 0);

  await t.test('HTML: labelled external rows, contribution beside accuracy, merged dashboard, nothing injected', () => {
    const file = join(work, 'index.html');
    const r = cli(['report', run, '--baseline', 'sklearn', '--baselines', root, '--bootstrap', '50', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(file, 'utf8');
    const rows = [...html.matchAll(/<tr class="row-baseline[^"]*row-external" data-cell="baseline:sklearn\/([a-z-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(rows.sort(), ['sklearn-knn', 'sklearn-logreg']);
    assert.match(html, /badge-external" title="predictions made outside divbench[^"]*">external · sklearn</);
    assert.match(html, /added to the run: Oracle accuracy [+−±][\d.]+ pp · Error consistency κ̄_EC [+−±][\d.]+ · Normalised systemic failure [+−±][\d.]+/);
    assert.match(html, /Diversity contribution of the baselines/);
    assert.match(html, /\+ all 2 models of sklearn<\/td><td class="num"><\/td>(?:<td class="num">[^<]+<div class="ci">\[[^\]]+\]<\/div><\/td>){6}/);
    assert.match(html, /with baselines \(\+2 models\)/);
    assert.match(html, /baselines included \(\*\)/);
    assert.match(html, /class="row-label"[^>]*>\d+\. \* sklearn-logreg<title>/, 'baseline models are marked in the heatmap rows');
    // the hostile meta is shown as text, never as markup
    assert.equal((html.match(/<script/gi) ?? []).length, 1, "only the report's own script");
    assert.doesNotMatch(html, /<img src=x|<b>1\.2<\/b>/);
    assert.match(html, /external: scikit-learn &lt;b&gt;1\.2&lt;\/b&gt;: &lt;\/td&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  await t.test('Markdown and CSV carry the baseline rows and the contribution', () => {
    const md = cli(['report', run, '--baseline', 'sklearn', '--baselines', root, '--bootstrap', '20', '--format', 'md', '--out', '-']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /\| sklearn-logreg \*external · sklearn\*/);
    assert.match(md.stdout, /\| external sklearn \| [+−±][\d.]+ pp \\\[/);
    assert.doesNotMatch(md.stdout, /<script|<img/);
    const csv = cli(['report', run, '--baseline', 'sklearn', '--baselines', root, '--format', 'csv', '--out', '-']);
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.split('\r\n').filter((l) => l.includes('baseline:sklearn/'));
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^blobs,\d+,baseline:sklearn\/sklearn-[a-z]+,,,,baseline,(?:true|false),true,"external: /);
  });

  await t.test('same folds: baseline rows join the tie test (external and the committed cpu-reference)', async () => {
    const r = loadRun(run);
    const req = await baselinesForReport(['sklearn', 'reports/baselines/smoke/cpu-reference'], {
      runDir: r.dir,
      suite: r.suite,
      root,
      hardwareFingerprint: r.env?.hardwareFingerprint,
    });
    assert.deepEqual(req.notes, []);
    assert.deepEqual(
      req.datasets.map((d) => `${d.baseline}/${d.dataset}`),
      ['sklearn/blobs', 'cpu-reference/blobs', 'cpu-reference/moons'],
    );
    assert.equal(req.rows.length, 2 + 16);
    for (const row of req.rows) {
      assert.equal(row.foldAccuracy?.length, 3, row.id);
      assert.equal(row.kind, row.baseline === 'sklearn' ? 'external' : 'run');
    }
    const cpu = req.rows.find((x) => x.id === 'baseline:cpu-reference/moons.mlp.adam.s1')!;
    assert.equal(cpu.label, 'mlp / adam / s1');
    assert.match(cpu.provenance, /^divbench run \S+ · cpu backend · .* · commit [0-9a-f]{12} · \d{4}-\d\d-\d\d · divbench /);
    assert.equal(req.rows.find((x) => x.baseline === 'sklearn')!.metrics.gap, null, 'external models have no attested training accuracy');
  });

  await t.test('a forged baseline is a note with its problem, never rows; a bad name exits 2', () => {
    const forged = join(root, 'smoke', 'forged');
    cpSync(join(root, 'smoke', 'sklearn'), forged, { recursive: true });
    const m = JSON.parse(readFileSync(join(forged, 'manifest.json'), 'utf8'));
    m.name = 'forged';
    m.models[0].folds[1].heldOut.accuracy = 0.99;
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify(m));
    const file = join(work, 'forged.html');
    const r = cli(['report', run, '--baseline', 'forged', '--baselines', root, '--bootstrap', '0', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(file, 'utf8');
    assert.match(
      html,
      /Baseline &#x27;forged&#x27; failed verification and is not shown: model &#x27;sklearn-[a-z]+&#x27; repeat 0 fold 1: held-out accuracy in the manifest is 0\.99/,
    );
    assert.doesNotMatch(html, /data-cell="baseline:forged/);
    const bad = cli(['report', run, '--baseline', '../up', '--baselines', root]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /baseline name '\.\.\/up'|baseline folder \.\.\/up does not exist/);
    const missing = cli(['report', run, '--baseline', 'nope', '--baselines', root]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no baseline 'nope' for suite 'smoke'/);
  });
});
