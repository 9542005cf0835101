/** The report header: suite, run, date, commit, versions, backend that ran, hardware, protocol, states. */
import type { CellResult, CellState } from '../../store/results.js';
import type { LoadedRun } from '../load-run.js';
import type { BadgeView, HeaderView } from '../types.js';

const SHORT_FACTS = ['backend that ran', 'divbench', 'TensorFlow.js', 'hardware', 'git commit'];
const STATE_ORDER: CellState[] = ['completed', 'diverged', 'errored', 'timed-out', 'crashed'];

function runDate(run: LoadedRun): string {
  const starts = run.results.map((r) => r.startedAt).filter(Boolean).sort();
  const iso = starts[0] ?? run.runId.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'unknown' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function backends(results: readonly CellResult[]): string {
  const names = new Map<string, number>();
  for (const r of results) if (r.backend) {
    const key = `${r.backend.name}${r.backend.device ? ` (${r.backend.device})` : ''}`;
    names.set(key, (names.get(key) ?? 0) + 1);
  }
  if (!names.size) return 'n/a';
  if (names.size === 1) return [...names.keys()][0];
  return [...names].map(([n, c]) => `${n} × ${c} cells`).join(', ');
}

export function buildHeader(run: LoadedRun): HeaderView {
  const p = run.suite.protocol;
  const e = run.env;
  const fallback = [...new Set(run.results.flatMap((r) => r.backend?.fallbackKernels ?? []))];
  const counts = new Map<string, number>();
  for (const r of run.results) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const states: BadgeView[] = STATE_ORDER.filter((s) => counts.has(s)).map((s) => ({ text: `${counts.get(s)} ${s}`, kind: s, title: `cells that ${s === 'completed' ? 'completed' : `ended ${s}`}` }));
  const tfjs = e?.packages?.['@tensorflow/tfjs'] ?? run.results.find((r) => r.backend)?.backend?.tfjsVersion ?? 'n/a';
  const view: Omit<HeaderView, 'facts'> = {
    title: `divbench · ${run.suite.name} · ${run.runId}`,
    suite: run.suite.name,
    description: run.suite.description ?? '',
    runId: run.runId,
    date: runDate(run),
    protocol: `${p.repeats > 1 ? `${p.repeats} × ` : ''}${p.folds}-fold ${p.stratified ? 'stratified ' : ''}CV · ${p.epochs} epochs · batch ${p.batchSize} · split seed ${p.splitSeed} · ${run.results.length} cells (${run.suite.datasets.length} dataset${run.suite.datasets.length === 1 ? '' : 's'} × ${run.suite.architectures.length} architectures × ${run.suite.optimizers.length} optimizers × ${run.suite.seeds.length} seeds)`,
    environment: [
      { label: 'backend that ran', value: `${backends(run.results)}${e?.backendRequested ? ` (requested: ${e.backendRequested})` : ''}` },
      ...(fallback.length ? [{ label: 'kernels divbench filled in', value: fallback.join(', ') }] : []),
      { label: 'divbench', value: e?.divbench ?? 'n/a' },
      { label: 'TensorFlow.js', value: tfjs },
      { label: 'Node.js', value: e?.node ?? 'n/a' },
      { label: 'hardware', value: e ? `${e.cpu.model} · ${e.cpu.cores} cores · ${e.memoryGiB} GiB · ${e.platform} ${e.arch}` : 'n/a' },
      { label: 'cells in parallel', value: e?.jobs === undefined ? 'n/a' : String(e.jobs) },
      { label: 'git commit', value: e?.gitCommit ? `${e.gitCommit.slice(0, 12)}${e.gitDirty ? ' (uncommitted changes)' : ''}` : 'n/a' },
    ],
    states,
  };
  return { ...view, facts: view.environment.filter((f) => SHORT_FACTS.includes(f.label)) };
}
