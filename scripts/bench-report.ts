// Benchmark of the report (issue 5, issue 14 item 5): synthetic results for many cells (default
// 500: 2 datasets × 5 architectures × 5 optimizers × 10 seeds, 3 failed; 2000 examples, 10
// classes, probabilities rounded to float32 as the store writes them), timed in parts — the analysis (src/analysis, per dataset, and the
// across-datasets Friedman/Nemenyi), the rest of the view model and the HTML render (vega SVG +
// handlebars) — and the size of the HTML file. Every figure is CPU time of this process (user +
// sys) with wall time and the load average beside it. Budget: the whole report, its analysis
// included, ≤ 5 s CPU; file ≤ 10 MB. `--breakdown` adds the analysis of one dataset measure by
// measure. Usage: npm run bench:report [-- --bootstrap 1000 --examples 2000 --breakdown]
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzePredictions, friedmanNemenyi } from '../src/analysis/index.js';
import { renderHtml } from '../src/report/render.js';
import { buildReport, DEFAULT_BOOTSTRAP } from '../src/report/view-model.js';
import { syntheticReportInput } from '../test/report/synthetic-run.js';
import { analysisParts } from './analysis-parts.js';
import { scriptArgs } from './script-args.js';

const args = scriptArgs(
  'usage: npm run bench:report -- [options]\nCPU of a 500-cell report (analysis, view model, render) and its HTML size; --breakdown adds one dataset measure by measure',
  {
    bootstrap: { type: 'string', default: String(DEFAULT_BOOTSTRAP) },
    examples: { type: 'string', default: '2000' },
    breakdown: { type: 'boolean', default: false },
  },
);
const bootstrap = Number(args.bootstrap);
const examples = Number(args.examples);
const input = syntheticReportInput({ datasets: 2, architectures: 5, optimizers: 5, seeds: 10, examples, classes: 10, folds: 5, epochs: 10, failed: 3 });
// probabilities as the store keeps them: float32 columns (src/store/predictions-file.ts)
for (const d of input.predictions) d.predictions.probs = d.predictions.probs.map((p) => p && Float64Array.from(Float32Array.from(p)));
const cells = input.run.results.length;

/** CPU and wall milliseconds of fn. */
async function measure<T>(fn: () => T | Promise<T>): Promise<{ cpu: number; wall: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall, value };
}
const s2 = (ms: number) => (ms / 1000).toFixed(2);
const line = (label: string, m: { cpu: number; wall: number }, extra = '') =>
  console.log(`  ${label.padEnd(46)} cpu ${s2(m.cpu).padStart(6)} s   wall ${s2(m.wall).padStart(6)} s   load ${loadavg()[0].toFixed(1)}${extra}`);

console.log(
  `report over ${cells} cells (${input.predictions.length} datasets × ${input.predictions.map((p) => p.cells.length).join('/')} completed cells, ${examples} examples, bootstrap ${bootstrap}; node ${process.version}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);
const analysis = await measure(() => {
  for (const p of input.predictions) analyzePredictions(p.predictions, { bootstrap, seed: 0 });
  // the across-datasets section's Friedman/Nemenyi (pairwise p over all configurations)
  const common = Math.min(...input.predictions.map((p) => p.cells.length));
  friedmanNemenyi(input.predictions.map((p) => p.cells.slice(0, common).map((c) => c.summary.heldOutAccuracy.mean)));
});
line('analysis (src/analysis incl. Friedman)', analysis);
// buildReport runs the same analysis again inside; the view model without it is the difference
const view = await measure(() => buildReport(input, { bootstrap }));
line('view model (runs that analysis again)', view);
const render = await measure(() => renderHtml(view.value));
line('render (vega SVG + handlebars)', render);
const total = { cpu: view.cpu + render.cpu, wall: view.wall + render.wall };
line('whole report (view model + render)', total, `   budget ≤ 5 s CPU ${total.cpu <= 5000 ? 'ok' : 'MISSED'}`);
line('report without the analysis', { cpu: total.cpu - analysis.cpu, wall: total.wall - analysis.wall });
const html = render.value;
const bytes = Buffer.byteLength(html);
const out = join(tmpdir(), 'divbench-bench-report.html');
writeFileSync(out, html);
const mb = bytes / 2 ** 20;
console.log(`  HTML size ${mb.toFixed(2)} MB   target ≤ 10 MB ${mb <= 10 ? 'ok' : 'MISSED'}; written to ${out}`);
if (args.breakdown) {
  const p = input.predictions[0].predictions;
  console.log(
    `analysis of ${input.predictions[0].datasetId} (M=${p.ids.length}, N=${p.labels.length}, K=${p.numClasses}, bootstrap ${bootstrap}) measure by measure:`,
  );
  for (const [label, fn] of analysisParts(p, bootstrap)) line(label, await measure(fn));
}
