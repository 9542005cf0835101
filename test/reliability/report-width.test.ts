// A hostile 10k-character unbroken description (or any long field) cannot make the report wide:
// the CSS wraps it, checked in headless Chromium (skipped where Chromium is not installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderHtml } from '../../src/report/render.js';
import { buildReport } from '../../src/report/view-model.js';
import { syntheticReportInput } from '../report/synthetic-run.js';

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

test('a 10k-character unbroken description wraps: the page is no wider than the window', { timeout: 120_000 }, async (t) => {
  const input = syntheticReportInput({ datasets: 1, architectures: 2, optimizers: 1, seeds: 1, examples: 60 });
  const hostile = { ...input, run: { ...input.run, suite: { ...input.run.suite, description: 'W'.repeat(10_000) } } };
  const html = await renderHtml(buildReport(hostile, { bootstrap: 0 }));
  assert.ok(html.includes('W'.repeat(10_000)), 'the description is shown');
  assert.match(html, /\.lead[^{]*\{[^}]*overflow-wrap: anywhere/);
  if (!executablePath) {
    t.skip('chromium not installed');
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'divbench-wide-')), 'index.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    assert.ok(width <= 1200, `page is ${width}px wide in a 1200px window`);
  } finally {
    await browser.close();
  }
});
