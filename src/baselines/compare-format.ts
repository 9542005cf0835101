/** Text and Markdown (pull-request comment, `$GITHUB_STEP_SUMMARY`) renderings of a comparison. */
import { FOLD_METRICS, metricById } from '../analysis/catalog.js';
import { indexById } from '../analysis/index-catalog.js';
import type { PairedComparison } from '../analysis/paired-test.js';
import type { CompareResult } from './compare.js';

const f = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
const signed = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(d)}`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const indexName = (id: string) => indexById(id)?.label ?? id;
const metricName = (id: string) => (metricById(id)?.label ?? id).toLowerCase();
const ICON: Record<string, string> = { regression: '❌ regression', improvement: '✅ better', equivalent: '≈ equivalent', inconclusive: '… inconclusive' };

function metricCell(m: PairedComparison | undefined): string[] {
  if (!m) return ['', '', '', ''];
  return [
    `${f(m.run)} / ${f(m.baseline)}`,
    signed(m.meanDifference),
    `${f(m.tTest.p, 3)}`,
    `${pct(m.pWorse)} / ${pct(m.pEquivalent)} / ${pct(m.pBetter)} ${ICON[m.verdict]}`,
  ];
}

export function formatCompareMarkdown(r: CompareResult): string {
  const o = r.options;
  const out: string[] = [];
  out.push(`## divbench compare: \`${r.suite}\` run vs baseline \`${r.baseline}\``, '');
  out.push(
    r.regressions.length ? `**❌ ${r.regressions.length} significant regression(s) beyond the ROPE**` : '**✅ no significant regression beyond the ROPE**',
    '',
  );
  for (const g of r.regressions) out.push(`- ${g}`);
  if (r.regressions.length) out.push('');
  out.push(
    `Paired on the same folds. ROPE ±${o.rope}; verdict from the Bayesian correlated t-test (P(worse by more than the ROPE) ≥ ${o.confidence} is a regression); p is the corrected resampled t-test (Nadeau–Bengio), two-sided. Held-out accuracy is recomputed from the run's predictions; gap = train − held-out accuracy (lower is better).`,
    '',
  );
  out.push(
    `| cell | ${FOLD_METRICS.map((m) => `${metricName(m.id)} run / base | Δ | p | P(worse / ≈ / better)`).join(' | ')} |`,
    `|---|${FOLD_METRICS.map(() => '---|---|---|---|').join('')}`,
  );
  for (const c of r.cells) {
    if (c.status !== 'compared') {
      out.push(
        `| \`${c.cellId}\` | ${c.status === 'failed-in-run' ? `❌ ${c.state} in the run` : c.status === 'missing-in-run' ? 'not in the run' : `new (${c.state}), no baseline`} |${' |'.repeat(FOLD_METRICS.length * 4 - 1)}`,
      );
      continue;
    }
    out.push(`| \`${c.cellId}\` | ${FOLD_METRICS.flatMap((fm) => metricCell(c.metrics.find((m) => m.metric === fm.id))).join(' | ')} |`);
  }
  out.push('');
  for (const d of r.datasets) {
    const d0 = d.deltas[0]?.delta;
    out.push(
      `### Homogenization on \`${d.dataset}\` (${d.models} models; Δ = run − baseline, ${d0 ? `${Math.round(d0.level * 100)}% paired percentile bootstrap over examples, ${d0.resamples} resamples` : ''})`,
      '',
    );
    out.push('| index | run | baseline | Δ | CI |', '|---|---|---|---|---|');
    for (const x of d.deltas)
      out.push(
        `| ${indexName(x.index)} | ${f(x.a)} | ${f(x.b)} | ${signed(x.delta.estimate)} | ${x.delta.lo === null ? 'n/a' : `[${signed(x.delta.lo)}, ${signed(x.delta.hi)}]`} |`,
      );
    out.push('');
  }
  out.push('### Throughput', '');
  if (!r.hardware.match)
    out.push(
      `⚠️ not compared: the hardware fingerprint differs (run \`${r.hardware.run ?? 'unknown'}\`, baseline \`${r.hardware.baseline ?? 'unknown'}\`).`,
      '',
    );
  else {
    out.push('Same hardware fingerprint; ratios run / baseline (not gated: shared runners are noisy).', '', '| cell | training | inference |', '|---|---|---|');
    for (const c of r.cells) if (c.throughput) out.push(`| \`${c.cellId}\` | ${f(c.throughput.trainRatio, 2)}× | ${f(c.throughput.inferenceRatio, 2)}× |`);
    out.push('');
  }
  const notes = r.notes.filter((n) => !n.startsWith('throughput not compared'));
  if (notes.length) out.push('<details><summary>notes</summary>', '', ...notes.map((n) => `- ${n}`), '', '</details>', '');
  return out.join('\n');
}

export function formatCompareText(r: CompareResult): string {
  const out: string[] = [`compare ${r.run} against baseline '${r.baseline}' (suite ${r.suite}); ROPE ±${r.options.rope}, confidence ${r.options.confidence}`];
  for (const c of r.cells) {
    if (c.status !== 'compared') {
      out.push(`  ${c.cellId.padEnd(28)} ${c.status}${c.state ? ` (${c.state})` : ''}`);
      continue;
    }
    const parts = c.metrics.map(
      (m) =>
        `${metricName(m.metric)} ${f(m.run)} vs ${f(m.baseline)} (Δ ${signed(m.meanDifference)}, p ${f(m.tTest.p, 3)}, P(worse) ${f(m.pWorse, 3)}: ${m.verdict})`,
    );
    out.push(`  ${c.cellId.padEnd(28)} ${parts.join('; ')}${c.throughput ? `; train speed ×${f(c.throughput.trainRatio, 2)}` : ''}`);
  }
  for (const d of r.datasets) {
    out.push(
      `  ${d.dataset}: ${d.deltas.map((x) => `${indexName(x.index)} Δ ${signed(x.delta.estimate)}${x.delta.lo === null ? '' : ` [${signed(x.delta.lo)}, ${signed(x.delta.hi)}]`}`).join('; ')}`,
    );
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(
    r.regressions.length
      ? `${r.regressions.length} regression(s):\n${r.regressions.map((g) => `  - ${g}`).join('\n')}`
      : 'no significant regression beyond the ROPE',
  );
  return `${out.join('\n')}\n`;
}
