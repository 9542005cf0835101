/**
 * A compact Markdown summary (CI job summaries, pull-request comments): header line, each
 * dataset's top rows and headline indices. Table cells are escaped so names cannot break a table
 * or inject HTML (GitHub renders inline HTML in Markdown).
 */
import type { ReportView } from './types.js';

export const MARKDOWN_TOP_ROWS = 10;

/** Escapes text for a Markdown table cell: HTML specials, pipes, backticks, brackets, newlines. */
export function mdText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown(view: ReportView): string {
  const h = view.header;
  const out: string[] = [];
  out.push(`## divbench · ${mdText(h.suite)} · run ${mdText(h.runId)}`, '');
  out.push(`${mdText(h.date)} · ${mdText(h.protocol)}  `);
  out.push(h.states.map((s) => mdText(s.text)).join(' · ') + '  ');
  out.push(
    h.facts
      .filter((f) => ['backend that ran', 'hardware', 'git commit'].includes(f.label))
      .map((f) => `${mdText(f.label)}: ${mdText(f.value)}`)
      .join(' · '),
    '',
  );
  for (const d of h.data) out.push(`data ${mdText(d.label)}: ${mdText(d.value)}  `);
  if (h.incomplete)
    out.push(
      '',
      `> **${mdText(h.incomplete.title)}.** ${h.incomplete.lines.map(mdText).join(' ')}${h.incomplete.missing.length ? ` Missing: ${h.incomplete.missing.map(mdText).join(', ')}${h.incomplete.more ? ` and ${h.incomplete.more} more` : ''}.` : ''}`,
      '',
    );
  for (const d of view.datasets) {
    const t = d.leaderboard;
    out.push(`### ${mdText(d.id)}`, '');
    out.push(`| # | cell | ${t.columns.map((c) => `${mdText(c.label)} ${c.arrow}`).join(' | ')} |`);
    out.push(`|---|---|${t.columns.map(() => '---:').join('|')}|`);
    const shown = t.rows.filter((r) => r.state === 'completed' || r.external).slice(0, MARKDOWN_TOP_ROWS);
    for (const r of shown) {
      const tags = r.badges
        .filter((b) => b.kind !== 'completed')
        .map((b) => ` *${mdText(b.text)}*`)
        .join('');
      out.push(
        `| ${r.rank ?? '–'} | ${mdText(r.external ? r.label : `${r.architecture} / ${r.optimizer} / s${r.seed}`)}${tags} | ${r.values.map((v) => `${v.best ? '**' : ''}${mdText(v.display)}${v.best ? '**' : ''}${v.ci ? ` ${mdText(v.ci)}` : ''}`).join(' | ')} |`,
      );
    }
    const rest = t.rows.length - shown.length;
    const failed = t.rows.filter((r) => r.state !== 'completed' && !r.external);
    if (rest > 0)
      out.push(
        '',
        `${rest} more row(s)${
          failed.length
            ? `, ${failed.length} not completed (${failed
                .map((r) => mdText(`${r.cellId}: ${r.state}`))
                .slice(0, 5)
                .join('; ')}${failed.length > 5 ? '; …' : ''})`
            : ''
        } — see the HTML report.`,
      );
    if (d.contributions.length) {
      const cols = d.contributions[0].columns;
      out.push('', `Diversity contribution (all of a baseline's models added to this run's matrix; 95% CI):`, '');
      out.push(`| baseline | ${cols.map((c) => `Δ ${mdText(c.label)}`).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
      for (const c of d.contributions) {
        const whole = c.rows.find((r) => r.kind === 'whole');
        if (whole)
          out.push(`| ${mdText(`${c.kind} ${c.baseline}`)} | ${whole.cells.map((x) => `${mdText(x.display)}${x.ci ? ` ${mdText(x.ci)}` : ''}`).join(' | ')} |`);
      }
    }
    const hz = d.homogenization;
    if (hz) {
      out.push('', '| index | value | 95% CI | same-recipe reference |', '|---|---:|---|---:|');
      for (const i of hz.indices)
        out.push(`| ${mdText(i.label)} | ${mdText(i.value.display)} | ${mdText(i.value.ci.replace(/^95% CI /, ''))} | ${mdText(i.sameRecipe)} |`);
      out.push('', mdText(hz.bootstrap));
      if (hz.gallery) out.push(`Examples every model gets wrong: ${hz.gallery.total}.`);
    } else if (d.homogenizationNote) out.push('', mdText(d.homogenizationNote));
    out.push('');
  }
  if (view.across?.table.rows.length) {
    out.push('### Across datasets', '', '| configuration | mean rank |', '|---|---:|');
    for (const r of view.across.table.rows.slice(0, MARKDOWN_TOP_ROWS)) out.push(`| ${mdText(r.configuration)} | ${mdText(r.meanRank.display)} |`);
    out.push('', ...view.across.notes.map(mdText), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
