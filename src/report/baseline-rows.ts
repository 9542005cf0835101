/**
 * Baselines for the report (`divbench report <run-dir> --baseline <name...>`): resolves each name
 * to a baseline folder, loads and verifies it by recomputation, and maps its models to leaderboard
 * rows of the run's datasets (labelled with their provenance) plus the predictions that join the
 * homogenization dashboard. A baseline that fails verification, or a dataset that is not the run's
 * data, becomes a note, never rows.
 */
import { tCiOverFolds } from '../analysis/index.js';
import type { DatasetPredictions } from '../store/read-predictions.js';
import { loadRunDatasets } from '../store/read-predictions.js';
import type { CompletedResult } from '../store/results.js';
import { NO_BASELINES, type BaselineRequest, type ExternalRow } from './external-rows.js';
import type { Suite } from '../spec/types.js';
import { foldHashes } from '../baselines/dataset-check.js';
import { loadBaseline, type BaselineDatasetView, type BaselineModelRow, type LoadedBaseline } from '../baselines/load-baselines.js';
import { resolveBaselinePath } from '../baselines/resolve.js';
import { readCellPredictions } from '../store/predictions-file.js';

/** Verification problems listed per baseline in the report before "… and n more". */
const MAX_PROBLEMS = 5;

export interface BaselineContext {
  readonly runDir: string;
  readonly suite: Suite;
  /** Root of named baselines (default reports/baselines, relative to the working directory). */
  readonly root?: string;
  /** The run's predictions (default: read from runDir). */
  readonly predictions?: readonly DatasetPredictions[];
  /** The run's hardware fingerprint: baseline throughput is shown only when it matches. */
  readonly hardwareFingerprint?: string | null;
}

const short = (s: string | null | undefined, n = 12) => (s ? s.slice(0, n) : null);

/**
 * One line (the baseline's name is shown beside it): framework and description, or run id,
 * backend and hardware; then commit, date and divbench version.
 */
export function provenanceOf(b: LoadedBaseline, r: BaselineModelRow): string {
  const p = b.manifest.provenance;
  const parts: string[] = [];
  if (b.kind === 'external') {
    const framework = p.source.replace(/^external:?\s*/, '');
    const what = r.description ?? framework;
    parts.push(what ? `external: ${framework && !what.startsWith(framework) ? `${framework}: ` : ''}${what}` : 'external');
  } else {
    parts.push(`${p.source}${p.runId ? ` ${p.runId}` : ''}`);
    if (p.backends.length) parts.push(`${p.backends.join(', ')} backend`);
    if (p.hardware) parts.push(`${p.hardware.cpu} × ${p.hardware.cores}`);
  }
  if (p.gitCommit) parts.push(`commit ${short(p.gitCommit)}${p.gitDirty ? ' (dirty)' : ''}`);
  parts.push(p.date === 'unknown' ? 'date unknown' : p.date.slice(0, 10));
  parts.push(`divbench ${p.divbench}`);
  return parts.join(' · ');
}

function ci(folds: readonly number[]): readonly [number, number] | null {
  const t = tCiOverFolds(folds);
  return t.lo === null || t.hi === null ? null : [t.lo, t.hi];
}

/** The run's fold hashes of a dataset (read from its first completed cell), or null. */
function runFoldHashes(runDir: string, cells: readonly CompletedResult[], repeats: number): string[] | null {
  if (!cells.length) return null;
  try {
    return foldHashes(readCellPredictions(runDir, cells[0], repeats).folds);
  } catch {
    return null;
  }
}

interface RunDataset {
  readonly id: string;
  readonly hash: string | undefined;
  readonly predictions: DatasetPredictions | undefined;
  foldHashes?: string[] | null;
}

function toRow(b: LoadedBaseline, r: BaselineModelRow, view: BaselineDatasetView, run: RunDataset, ctx: BaselineContext): ExternalRow {
  const entry = b.manifest.models.find((m) => m.id === r.modelId);
  const repeats = ctx.suite.protocol.repeats;
  const splits = ctx.suite.protocol.folds * repeats;
  const theirs = b.manifest.datasets.find((d) => d.id === view.dataset)?.foldHashes ?? [];
  const ours = run.foldHashes ?? [];
  const common = Math.min(theirs.length, ours.length);
  const sameFolds = common > 0 && theirs.slice(0, common).every((h, i) => h === ours[i]);
  const paired = sameFolds && r.heldOutAccuracy.folds.length === splits;
  const sameHardware = !!ctx.hardwareFingerprint && b.manifest.provenance.hardware?.fingerprint === ctx.hardwareFingerprint;
  const tp = sameHardware ? entry?.throughput : null;
  return {
    id: r.key,
    datasetId: view.dataset,
    baseline: b.name,
    kind: b.kind,
    label: r.architecture ? `${r.architecture} / ${r.optimizer ?? '—'}${r.seed !== undefined ? ` / s${r.seed}` : ''}` : r.modelId,
    ...(r.architecture ? { architecture: r.architecture } : {}),
    ...(r.optimizer ? { optimizer: r.optimizer } : {}),
    ...(r.seed !== undefined ? { seed: String(r.seed) } : {}),
    provenance: provenanceOf(b, r),
    metrics: {
      accuracy: r.heldOutAccuracy.mean,
      gap: r.gap?.mean ?? null,
      'train-rate': tp?.trainSamplesPerSec ?? null,
      'infer-rate': tp?.inferenceSamplesPerSec ?? null,
    },
    ci: { accuracy: ci(r.heldOutAccuracy.folds), gap: r.gap ? ci(r.gap.folds) : null },
    ...(paired ? { foldAccuracy: r.heldOutAccuracy.folds } : {}),
    foldNote: paired
      ? ''
      : sameFolds
        ? `not in the tie test: ${r.heldOutAccuracy.folds.length} splits, the run has ${splits}`
        : "not in the tie test: its folds are not the run's (fold hashes differ)",
  };
}

function problemsNote(dir: string, name: string, problems: string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
  const more = problems.length > MAX_PROBLEMS ? `; … and ${problems.length - MAX_PROBLEMS} more (run divbench verify ${dir})` : '';
  return `Baseline '${name}' failed verification and is not shown: ${shown}${more}.`;
}

/** Resolves, verifies and maps every named baseline; usage errors (bad or unknown names) throw. */
export async function baselinesForReport(names: readonly string[], ctx: BaselineContext): Promise<BaselineRequest> {
  if (!names.length) return NO_BASELINES;
  const rows: ExternalRow[] = [];
  const datasets: BaselineDatasetView[] = [];
  const notes: string[] = [];
  const dirs = names.map((n) => resolveBaselinePath(n, ctx.suite.name, ctx.root));
  const predictions = ctx.predictions ?? loadRunDatasets(ctx.runDir);
  const runData = new Map<string, RunDataset>();
  const seen = new Set<string>();
  const shown = new Set<string>();
  for (const [i, dir] of dirs.entries()) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const { baseline: b, problems } = await loadBaseline(dir);
    if (!b) {
      notes.push(problemsNote(dir, names[i], problems));
      continue;
    }
    if (b.suite !== ctx.suite.name)
      notes.push(`Baseline '${b.name}' is of suite '${b.suite}', this run of '${ctx.suite.name}': its datasets are matched by id and content hash.`);
    if (shown.has(b.name)) {
      notes.push(`Two baselines are named '${b.name}' (${dir}): only the first is shown.`);
      continue;
    }
    shown.add(b.name);
    for (const view of b.datasets) {
      if (!view.rows.length) continue;
      const p = predictions.find((x) => x.datasetId === view.dataset);
      let run = runData.get(view.dataset);
      if (!run) {
        const hash = p?.cells[0]?.dataset?.hash;
        run = { id: view.dataset, hash, predictions: p };
        runData.set(view.dataset, run);
      }
      if (!p || !run.hash) {
        notes.push(`Baseline '${b.name}': dataset '${view.dataset}' has no completed cell in this run, so its ${view.rows.length} model(s) are not shown.`);
        continue;
      }
      if (run.hash !== view.datasetHash) {
        notes.push(
          `Baseline '${b.name}': dataset '${view.dataset}' is different data (content hash ${view.datasetHash.slice(0, 15)}…, this run's ${run.hash.slice(0, 15)}…), so its models are not shown.`,
        );
        continue;
      }
      const labels = p.predictions.labels;
      if (labels.length !== view.predictions.labels.length || labels.some((y, x) => y !== view.predictions.labels[x])) {
        notes.push(
          `Baseline '${b.name}': dataset '${view.dataset}' has the same hash but other labels or order than this run's predictions, so its models are not shown.`,
        );
        continue;
      }
      if (run.foldHashes === undefined) run.foldHashes = runFoldHashes(ctx.runDir, p.cells, ctx.suite.protocol.repeats);
      for (const r of view.rows) rows.push(toRow(b, r, view, run, ctx));
      datasets.push(view);
    }
  }
  return { names, rows, datasets, notes };
}
