/** `divbench report <run-dir>`: re-render a run's report from its files (never retrains). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { REPORT_FORMATS, writeReportDetailed, type ReportFormat } from '../report/write-report.js';
import type { HeatmapOrder } from '../report/charts/heatmap.js';
import { DEFAULT_BOOTSTRAP, DEFAULT_CELL_CHARTS } from '../report/view-model.js';
import { action } from './action.js';

function nonNegativeInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number ≥ 0, got '${v}'`);
    return n;
  };
}

interface ReportCommandOptions {
  out?: string;
  format: ReportFormat;
  bootstrap: number;
  baseline?: string[];
  baselines: string;
  heatmapOrder: HeatmapOrder;
  cellCharts: number;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render the report of a run folder: one self-contained HTML file (reads files only, never retrains)')
    .argument('<run-dir>', 'e.g. reports/runs/smoke/2026-11-29T14-00-00Z')
    .option('-o, --out <file>', 'output file (default: <run-dir>/index.html, summary.md or leaderboard.csv; - for stdout, e.g. >> $GITHUB_STEP_SUMMARY)')
    .addOption(
      new Option(
        '-f, --format <format>',
        'html (the report), md (compact Markdown summary for CI job summaries and PR comments) or csv (the leaderboard table)',
      )
        .choices([...REPORT_FORMATS])
        .default('html'),
    )
    .option(
      '--bootstrap <n>',
      'bootstrap resamples for the 95% CIs of the homogenization indices (0 = no CIs)',
      nonNegativeInt('--bootstrap'),
      DEFAULT_BOOTSTRAP,
    )
    .option(
      '--baseline <name...>',
      'verified baselines to show as their own rows, with their diversity contribution: names under <baselines>/<suite>/ or baseline folder paths',
    )
    .option('--baselines <dir>', 'baselines root for --baseline names', 'reports/baselines')
    .addOption(
      new Option('--heatmap-order <order>', 'error-consistency heatmap order: by architecture/optimizer/seed, or clustered')
        .choices(['factors', 'clustered'])
        .default('factors'),
    )
    .option(
      '--cell-charts <n>',
      'per-cell loss-curve charts drawn at most (the rest keep their fold tables)',
      nonNegativeInt('--cell-charts'),
      DEFAULT_CELL_CHARTS,
    )
    .action(
      action(async (runDir: string, o: ReportCommandOptions) => {
        const { file, damaged } = await writeReportDetailed(runDir, {
          out: o.out,
          format: o.format,
          bootstrap: o.bootstrap,
          baselines: o.baseline,
          baselinesRoot: o.baselines,
          heatmapOrder: o.heatmapOrder,
          cellCharts: o.cellCharts,
        });
        if (file !== '-') process.stdout.write(`${file}\n`);
        if (damaged.length) {
          process.stderr.write(
            `report: ${damaged.length} damaged cell(s) left out (listed above and in the report); rerun them with divbench run <suite> --resume <run-id>\n`,
          );
          return 1;
        }
        return 0;
      }),
    );
}
