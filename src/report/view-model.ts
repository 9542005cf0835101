/**
 * Run results → a renderer-agnostic view model: sections, tables of `{value, display, rank}`.
 * Templates only loop and print; every number is formatted here.
 */
import type { CellResult } from '../harness/results.js';
import type { LoadedRun } from './load-run.js';
import { LEADERBOARD_METRICS, type MetricDefinition } from './metrics.js';

export interface CellView { value: number | null; display: string; ci: string; best: boolean }
export interface RowView { rank: number | null; cellId: string; architecture: string; optimizer: string; seed: number; state: string; stateNote: string; cells: CellView[] }
export interface ColumnView { id: string; label: string; description: string; arrow: string; lowerIsBetter: boolean }
export interface DatasetSection { id: string; type: string; source: string; n: number | null; columns: ColumnView[]; rows: RowView[] }
export interface ReportView {
  title: string;
  suite: { name: string; description: string; runId: string; protocol: string };
  env: Array<{ label: string; value: string }>;
  states: Array<{ state: string; count: number }>;
  datasets: DatasetSection[];
  generatedAt: string;
}

function stateNote(r: CellResult): string {
  switch (r.state) {
    case 'completed': return '';
    case 'diverged': return `non-finite loss at fold ${r.diverged.fold + 1}, epoch ${r.diverged.epoch + 1}`;
    case 'errored': return r.error.message;
    case 'timed-out': return `timed out after ${Math.round(r.timeoutMs / 1000)} s`;
    case 'crashed': return r.reason;
  }
}

function column(m: MetricDefinition): ColumnView {
  return { id: m.id, label: m.label, description: m.description, arrow: m.lowerIsBetter ? '↓' : '↑', lowerIsBetter: m.lowerIsBetter };
}

export function buildLeaderboard(run: LoadedRun): ReportView {
  const byDataset = new Map<string, CellResult[]>();
  for (const r of run.results) byDataset.set(r.cell.dataset.id, [...(byDataset.get(r.cell.dataset.id) ?? []), r]);
  const datasets: DatasetSection[] = run.suite.datasets.filter((d) => byDataset.has(d.id)).map((d) => {
    const results = byDataset.get(d.id)!;
    const metrics = LEADERBOARD_METRICS.filter((m) => results.some((r) => r.state === 'completed' && m.value(r.summary) !== null));
    const completed = results.filter((r): r is Extract<CellResult, { state: 'completed' }> => r.state === 'completed');
    const ranked = [...completed].sort((a, b) => b.summary.heldOutAccuracy.mean - a.summary.heldOutAccuracy.mean);
    const best = metrics.map((m) => {
      const vals = completed.map((r) => m.value(r.summary)).filter((v): v is number => v !== null);
      return vals.length ? (m.lowerIsBetter ? Math.min(...vals) : Math.max(...vals)) : null;
    });
    const rows: RowView[] = [...ranked, ...results.filter((r) => r.state !== 'completed')].map((r) => ({
      rank: r.state === 'completed' ? ranked.indexOf(r) + 1 : null,
      cellId: r.cellId,
      architecture: r.cell.architecture.id,
      optimizer: r.cell.optimizer.id,
      seed: r.cell.seed,
      state: r.state,
      stateNote: stateNote(r),
      cells: metrics.map((m, j) => {
        if (r.state !== 'completed') return { value: null, display: '—', ci: '', best: false };
        const v = m.value(r.summary);
        const ci = m.ci?.(r.summary);
        return { value: v, display: v === null ? 'n/a' : m.format(v), ci: ci ? `± ${m.format((ci[1] - ci[0]) / 2).replace('%', '')}` : '', best: v !== null && v === best[j] };
      }),
    }));
    const ds = results.find((r) => r.dataset)?.dataset;
    return { id: d.id, type: d.type, source: ds?.source ?? '', n: ds?.n ?? null, columns: metrics.map(column), rows };
  });
  const counts = new Map<string, number>();
  for (const r of run.results) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const p = run.suite.protocol;
  const backends = [...new Set(run.results.map((r) => r.backend?.name).filter(Boolean))].join(', ');
  const fallback = [...new Set(run.results.flatMap((r) => r.backend?.fallbackKernels ?? []))];
  const e = run.env;
  return {
    title: `divbench · ${run.suite.name}`,
    suite: { name: run.suite.name, description: run.suite.description ?? '', runId: run.runId, protocol: `${p.repeats > 1 ? `${p.repeats}×` : ''}${p.folds}-fold ${p.stratified ? 'stratified ' : ''}CV · ${p.epochs} epochs · batch ${p.batchSize} · split seed ${p.splitSeed}` },
    env: [
      { label: 'backend', value: `${backends || 'n/a'}${e?.backendRequested ? ` (requested ${e.backendRequested})` : ''}` },
      ...(fallback.length ? [{ label: 'kernels filled in', value: fallback.join('; ') }] : []),
      { label: 'divbench', value: e?.divbench ?? '?' },
      { label: 'tfjs', value: e?.packages?.['@tensorflow/tfjs'] ?? '?' },
      { label: 'node', value: e?.node ?? '?' },
      { label: 'hardware', value: e ? `${e.cpu.model} · ${e.cpu.cores} cores · ${e.memoryGiB} GiB` : '?' },
      { label: 'parallel cells', value: String(e?.jobs ?? '?') },
      { label: 'git commit', value: e?.gitCommit ? `${e.gitCommit.slice(0, 12)}${e.gitDirty ? ' (dirty)' : ''}` : 'n/a' },
    ],
    states: [...counts].map(([state, count]) => ({ state, count })),
    datasets,
    generatedAt: new Date().toISOString(),
  };
}
