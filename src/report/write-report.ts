/**
 * `divbench report` (and the end of `divbench run`): read a run folder, build the view model,
 * write `index.html` beside the results — or a Markdown summary / the leaderboard CSV.
 */
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write.js';
import { loadRunDatasets } from '../store/read-predictions.js';
import { lockFolder } from '../store/run-lock.js';
import type { DamagedCell } from '../store/integrity.js';
import { baselinesForReport } from './baseline-rows.js';
import type { HeatmapOrder } from './charts/heatmap.js';
import { loadExamples, type ExamplesResult } from './load-examples.js';
import { loadRun } from './load-run.js';
import { renderHtml } from './render.js';
import { renderCsv } from './render-csv.js';
import { renderMarkdown } from './render-markdown.js';
import { buildReport, type ReportInput, type ViewOptions } from './view-model.js';

export type ReportFormat = 'html' | 'md' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'csv'];

export interface ReportOptions {
  /** Output file (default `<run-dir>/index.html`, `summary.md` or `leaderboard.csv`; `-`: stdout). */
  readonly out?: string;
  readonly format?: ReportFormat;
  /** Bootstrap resamples for the homogenization CIs (default 200; 0 = none). */
  readonly bootstrap?: number;
  /** Baselines to show as their own rows: names under `<baselinesRoot>/<suite>/` or folder paths. */
  readonly baselines?: readonly string[];
  /** Root of named baselines (default reports/baselines). */
  readonly baselinesRoot?: string;
  readonly heatmapOrder?: HeatmapOrder;
  /** Per-cell loss-curve charts drawn at most (default 60). */
  readonly cellCharts?: number;
}

const DEFAULT_FILE: Record<ReportFormat, string> = { html: 'index.html', md: 'summary.md', csv: 'leaderboard.csv' };

/** Reads everything a report needs from a run folder (files only; never retrains). */
export async function loadReportInput(runDir: string, options: Pick<ReportOptions, 'baselines' | 'baselinesRoot' | 'format'> = {}): Promise<ReportInput> {
  const run = loadRun(runDir);
  const predictions = loadRunDatasets(run.dir);
  const examples = new Map<string, ExamplesResult>();
  if ((options.format ?? 'html') === 'html') {
    for (const p of predictions) {
      const spec = run.suite.datasets.find((d) => d.id === p.datasetId);
      if (spec) examples.set(p.datasetId, await loadExamples(run.suite, spec, p.cells[0]?.dataset?.hash));
    }
  }
  const baselines = await baselinesForReport(options.baselines ?? [], {
    runDir: run.dir,
    suite: run.suite,
    root: options.baselinesRoot,
    predictions,
    hardwareFingerprint: run.env?.hardwareFingerprint ?? null,
  });
  return { run, predictions, examples, baselines };
}

export async function renderReport(input: ReportInput, format: ReportFormat, options: ViewOptions): Promise<string> {
  const view = buildReport(input, format === 'csv' ? { ...options, bootstrap: 0, cellCharts: 0 } : options);
  if (format === 'md') return renderMarkdown(view);
  if (format === 'csv') return renderCsv(view);
  return renderHtml(view);
}

export async function writeReport(runDir: string, options: ReportOptions = {}): Promise<string> {
  return (await writeReportDetailed(runDir, options)).file;
}

/** Writes the report and says which cells were left out as damaged (also listed on stderr and in the report). */
export async function writeReportDetailed(runDir: string, options: ReportOptions = {}): Promise<{ file: string; damaged: DamagedCell[] }> {
  const format = options.format ?? 'html';
  const input = await loadReportInput(runDir, options);
  const damaged = input.run.damaged ?? [];
  for (const d of damaged) process.stderr.write(`report: damaged cell left out: ${d.cellId}: ${d.problem}\n`);
  return { file: await writeRendered(input, format, options), damaged };
}

async function writeRendered(input: ReportInput, format: ReportFormat, options: ReportOptions): Promise<string> {
  const text = await renderReport(input, format, { bootstrap: options.bootstrap, heatmapOrder: options.heatmapOrder, cellCharts: options.cellCharts });
  if (options.out === '-') {
    process.stdout.write(text);
    return '-';
  }
  const out = resolve(options.out ?? join(input.run.dir, DEFAULT_FILE[format]));
  // Writing into the run folder: not while another process writes it (re-entrant for `run`).
  const inside = dirname(out) === input.run.dir;
  const lock = inside ? lockFolder(input.run.dir, 'divbench report') : undefined;
  try {
    writeFileAtomic(out, text);
  } finally {
    lock?.release();
  }
  return out;
}
