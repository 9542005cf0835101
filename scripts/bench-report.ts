// Benchmark of the report (issue 5): synthetic results for many cells (default 500: 2 datasets ×
// 5 architectures × 5 optimizers × 10 seeds), timed in three parts — the analysis (src/analysis),
// the view model and the HTML render (vega SVG + handlebars) — and the size of the HTML file.
// Targets: render ≤ 5 s, file ≤ 10 MB. Usage: npm run bench:report [-- --bootstrap 200 --examples 2000]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzePredictions, friedmanNemenyi } from '../src/analysis/index.js';
import { renderHtml } from '../src/report/render.js';
import { buildReport } from '../src/report/view-model.js';
import { syntheticReportInput } from '../test/report/synthetic-run.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const bootstrap = arg('bootstrap', 200);
const examples = arg('examples', 2000);
const input = syntheticReportInput({ datasets: 2, architectures: 5, optimizers: 5, seeds: 10, examples, classes: 10, folds: 5, epochs: 10, failed: 3 });
const cells = input.run.results.length;

let t = performance.now();
for (const p of input.predictions) analyzePredictions(p.predictions, { bootstrap, seed: 0 });
// the across-datasets section's Friedman/Nemenyi (pairwise p over all configurations)
const common = Math.min(...input.predictions.map((p) => p.cells.length));
friedmanNemenyi(input.predictions.map((p) => p.cells.slice(0, common).map((c) => c.summary.heldOutAccuracy.mean)));
const analysisMs = performance.now() - t;

t = performance.now();
const view = buildReport(input, { bootstrap });
const viewMs = performance.now() - t;
t = performance.now();
const html = await renderHtml(view);
const renderMs = performance.now() - t;
const bytes = Buffer.byteLength(html);
const out = join(tmpdir(), 'divbench-bench-report.html');
writeFileSync(out, html);

const mb = bytes / 2 ** 20;
console.log(`report over ${cells} cells (${input.predictions.length} datasets × ${input.predictions[0].cells.length}+ completed cells, ${examples} examples, bootstrap ${bootstrap})`);
console.log(`  analysis (src/analysis incl. Friedman): ${(analysisMs / 1000).toFixed(2)} s`);
console.log(`  view model (includes that analysis):     ${(viewMs / 1000).toFixed(2)} s`);
console.log(`  render (vega SVG + handlebars):          ${(renderMs / 1000).toFixed(2)} s   target ≤ 5 s ${renderMs <= 5000 ? 'ok' : 'MISSED'}`);
console.log(`  report without the analysis:             ${((viewMs - analysisMs + renderMs) / 1000).toFixed(2)} s`);
console.log(`  HTML size:                               ${mb.toFixed(2)} MB   target ≤ 10 MB ${mb <= 10 ? 'ok' : 'MISSED'}`);
console.log(`  written to ${out}`);
