/**
 * The leaderboard as CSV (RFC 4180): one row per dataset × row, raw numbers (not display text).
 * Cells that a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a quote.
 */
import type { ReportView } from './types.js';

export function csvField(v: string | number | null | boolean): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(view: ReportView): string {
  const metricIds = [...new Set(view.datasets.flatMap((d) => d.leaderboard.columns.map((c) => c.id)))];
  const header = ['dataset', 'rank', 'cell', 'architecture', 'optimizer', 'seed', 'state', 'tied_with_best', 'external', 'provenance', ...metricIds];
  const lines = [header.join(',')];
  for (const d of view.datasets) {
    const idx = d.leaderboard.columns.map((c) => c.id);
    for (const r of d.leaderboard.rows) {
      const values = metricIds.map((id) => {
        const j = idx.indexOf(id);
        return j < 0 ? null : r.values[j].value;
      });
      lines.push([d.id, r.rank, r.cellId, r.architecture, r.optimizer, r.seed, r.state, r.tied, r.external, r.provenance, ...values].map(csvField).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
