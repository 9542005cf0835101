/** The report header: suite, run, date, commit, versions, backend that ran, hardware, protocol, states. */
import type { CellResult, CellState } from '../../store/results.js';
import { expandMatrix } from '../../spec/expand-matrix.js';
import { plural } from '../format.js';
import { matrixShape } from '../matrix-shape.js';
import type { LoadedRun } from '../load-run.js';
import type { BadgeView, HeaderView, IncompleteView } from '../types.js';

/** Missing cells named in the banner at most (the rest are counted). */
const MISSING_LISTED = 30;

/**
 * The cells the run was meant to have (the suite's expanded matrix, or this shard's part of it)
 * against the cells with a result: a banner when some are missing or the run never finished.
 */
export function incompleteRun(run: LoadedRun): IncompleteView | null {
  const env = run.env as (LoadedRun['env'] & { mergedFrom?: unknown[] }) | null;
  const all = expandMatrix(run.suite);
  const shard = env?.shard && !env.mergedFrom ? env.shard : null;
  const expected = shard ? all.filter((_, j) => j % shard.count === shard.index - 1) : all;
  const present = new Set(run.results.map((r) => r.cellId));
  const missing = expected.filter((c) => !present.has(c.id)).map((c) => c.id);
  const unfinished = run.finishedAt === null && !env?.mergedFrom;
  const damaged = run.damaged ?? [];
  if (!missing.length && !unfinished && !damaged.length) return null;
  const scope = shard
    ? `shard ${shard.index}/${shard.count} of suite '${run.suite.name}' (${plural(expected.length, 'cell')} of the suite's ${all.length})`
    : `suite '${run.suite.name}'`;
  const lines: string[] = [];
  if (missing.length)
    lines.push(
      `${plural(run.results.filter((r) => expected.some((c) => c.id === r.cellId)).length, 'cell')} of the ${expected.length} of ${scope} have a result; ${plural(missing.length, 'cell')} ${missing.length === 1 ? 'has' : 'have'} none.`,
    );
  if (unfinished)
    lines.push(
      'The run did not finish (no finishedAt in run.json): it was killed or is still running. Resume it with `divbench run <suite> --resume ${run.runId}`.',
    );
  if (env?.mergedFrom && missing.length) lines.push(`Merged from ${plural(env.mergedFrom.length, 'run')}: run the missing shards and merge again.`);
  if (damaged.length) {
    lines.push(
      `${plural(damaged.length, 'cell')} ${damaged.length === 1 ? 'is' : 'are'} damaged and left out (their files fail the integrity checks; \`divbench run <suite> --resume ${run.runId}\` reruns them):`,
    );
    for (const d of damaged.slice(0, MISSING_LISTED)) lines.push(`${d.cellId}: ${d.problem}`);
    if (damaged.length > MISSING_LISTED) lines.push(`and ${damaged.length - MISSING_LISTED} more damaged cells`);
  }
  lines.push('Every table and index below covers only the cells that have a sound result.');
  const title = damaged.length
    ? `Damaged run: ${plural(damaged.length, 'cell')} failed the integrity checks`
    : missing.length
      ? `Incomplete run: ${plural(missing.length, 'cell')} missing`
      : 'Unfinished run';
  return { title, lines, missing: missing.slice(0, MISSING_LISTED), more: Math.max(0, missing.length - MISSING_LISTED) };
}

/** Per dataset: which data and which split it resolved to (variant: auto may pick another set). */
function dataLines(run: LoadedRun): Array<{ label: string; value: string }> {
  return run.suite.datasets.flatMap((d) => {
    const info = run.results.find((r) => r.cell.dataset.id === d.id && r.dataset)?.dataset;
    if (!info) return [];
    const limit = (d.params as { limit?: unknown } | undefined)?.limit;
    const cv = `CV over ${plural(info.n, 'example')}${info.testN ? `, every fold model also scores the official test split of ${info.testN}` : ''}`;
    return [{ label: d.id, value: `${info.source}; ${cv}${typeof limit === 'number' ? ` (limit ${limit})` : ''}` }];
  });
}

const SHORT_FACTS = ['backend that ran', 'divbench', 'TensorFlow.js', 'hardware', 'git commit'];
const STATE_ORDER: CellState[] = ['completed', 'diverged', 'errored', 'timed-out', 'crashed'];

function runDate(run: LoadedRun): string {
  const starts = run.results
    .map((r) => r.startedAt)
    .filter(Boolean)
    .sort();
  const iso = starts[0] ?? run.runId.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'unknown' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function backends(results: readonly CellResult[]): string {
  const names = new Map<string, number>();
  for (const r of results)
    if (r.backend) {
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
  const states: BadgeView[] = STATE_ORDER.filter((s) => counts.has(s)).map((s) => ({
    text: `${counts.get(s)} ${s}`,
    kind: s,
    title: `cells that ${s === 'completed' ? 'completed' : `ended ${s}`}`,
  }));
  const tfjs = e?.packages?.['@tensorflow/tfjs'] ?? run.results.find((r) => r.backend)?.backend?.tfjsVersion ?? 'n/a';
  const incomplete = incompleteRun(run);
  const expected = expandMatrix(run.suite).length;
  const view: Omit<HeaderView, 'facts'> = {
    title: `divbench · ${run.suite.name} · ${run.runId}`,
    suite: run.suite.name,
    description: run.suite.description ?? '',
    runId: run.runId,
    date: runDate(run),
    protocol: `${p.repeats > 1 ? `${p.repeats} × ` : ''}${p.folds}-fold ${p.stratified ? 'stratified ' : ''}CV · ${plural(p.epochs, 'epoch')} · batch ${p.batchSize} · split seed ${p.splitSeed} · ${expected === run.results.length ? plural(expected, 'cell') : `${run.results.length} of ${plural(expected, 'cell')}`} (${matrixShape(run.suite)})`,
    data: dataLines(run),
    incomplete,
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
