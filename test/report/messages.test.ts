import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBaselinePath } from '../../src/baselines/resolve.js';
import { examplesHelp, wrapText } from '../../src/commands/help-text.js';
import { loadSuite } from '../../src/spec/load-suite.js';
import { tempDir } from '../e2e/helpers.js';

test('an unknown baseline lists the available names; a run folder is told to submit first', () => {
  const root = tempDir('baselines');
  mkdirSync(join(root, 'smoke', 'cpu-reference'), { recursive: true });
  mkdirSync(join(root, 'smoke', 'gpu'), { recursive: true });
  assert.throws(
    () => resolveBaselinePath('nope', 'smoke', root),
    /no baseline 'nope' for suite 'smoke' under .*; available for suite 'smoke': cpu-reference, gpu/,
  );
  assert.throws(() => resolveBaselinePath('nope', 'other', root), /there is none for suite 'other' yet/);
  const run = join(tempDir('run'), 'smoke', '2026-01-01T00-00-00Z');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'suite.json'), '{}');
  assert.throws(() => resolveBaselinePath(run, 'smoke', root), /is a run folder, not a baseline: submit it first with `divbench submit .* --name <name>`/);
});

test('suite paths: .yml ↔ .yaml suggestion, a directory says so', () => {
  const dir = tempDir('suite-paths');
  writeFileSync(join(dir, 'a.yaml'), 'name: a\n');
  writeFileSync(join(dir, 'b.yml'), 'name: b\n');
  assert.throws(() => loadSuite(join(dir, 'a.yml'), dir), /a\.yml: file not found; did you mean a\.yaml\?/);
  assert.throws(() => loadSuite(join(dir, 'b.yaml'), dir), /b\.yaml: file not found; did you mean b\.yml\?/);
  assert.throws(() => loadSuite(join(dir, 'c.yaml'), dir), /c\.yaml: file not found\. Suites live in/);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'x.yaml'), 'name: x\n');
  assert.throws(() => loadSuite(join(dir, 'sub'), dir), /sub: is a folder, not a suite file; pass one of its suite files \(sub\/x\.yaml\)/);
});

test('help text wraps to the terminal width', () => {
  const lines = wrapText('one two three four five six seven eight nine ten', 14, '  ');
  assert.ok(
    lines.every((l) => l.length <= 14),
    lines.join('|'),
  );
  assert.equal(lines.join(' ').replace(/\s+/g, ' ').trim(), 'one two three four five six seven eight nine ten');
  const ex: Array<[string, string]> = [['divbench run suites/smoke.yaml', 'train the smoke suite (seconds) and write its report']];
  for (const cols of [50, 80, 120]) {
    const text = examplesHelp(ex, cols);
    assert.ok(
      text.split('\n').every((l) => l.length < cols),
      `${cols}:\n${text}`,
    );
    assert.match(text.replace(/\s+/g, ' '), /train the smoke suite \(seconds\) and write its report/);
  }
  assert.equal(examplesHelp(ex, 120).split('\n').length, 3, 'one line when it fits');
});

test('analyze text: one label column, and every n/a says why', async () => {
  const { runAnalyze } = await import('../../src/commands/analyze.js');
  const text = await runAnalyze('test/fixtures/analysis/predictions.json', { bootstrap: 0 });
  const labelled = text
    .split('\n')
    .filter(
      (l) => /^[a-zA-Zκ]/.test(l) && !/^\d/.test(l) && !l.endsWith(':') && !l.startsWith('note:') && !l.startsWith('attribution') && !l.startsWith('CIs'),
    );
  const starts = new Set(
    labelled.map((l) => [...l.replace(/[\u0300-\u036f]/g, '')].findIndex((_, i, a) => i > 0 && a[i - 1] === ' ' && a[i - 2] === ' ' && a[i] !== ' ')),
  );
  assert.equal(starts.size, 1, `values start in one column:\n${labelled.join('\n')}`);
  for (const m of text.matchAll(/n\/a(.{0,2})/g)) assert.equal(m[1], ' (', `n/a without a reason in:\n${text}`);
});
