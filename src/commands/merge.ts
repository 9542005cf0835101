/** `divbench merge <run-dir>... --out <dir>`: join shard runs into one run and render its report. */
import { Command } from 'commander';
import { mergeRuns } from '../harness/merge-runs.js';
import { action } from './action.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('join the run folders of shards of one suite into one run folder (and its report)')
    .argument('<run-dir...>', 'shard run folders (e.g. from --shard 1/3, 2/3, 3/3)')
    .requiredOption('-o, --out <dir>', 'new run folder to write')
    .option('--no-report', 'do not render index.html')
    .action(
      action(async (dirs: string[], o: { out: string; report: boolean }) => {
        const merged = mergeRuns(dirs, o.out);
        for (const d of merged.damaged) process.stderr.write(`merge: damaged cell left out: ${d.dir}: ${d.cellId}: ${d.problem}\n`);
        process.stderr.write(`merged ${merged.shards} run(s), ${merged.cells} cells → ${merged.dir}\n`);
        if (o.report)
          process.stderr.write(`report: ${await (await import('../report/write-report.js')).writeReport(merged.dir, {})}
`);
        if (merged.damaged.length) {
          process.stderr.write(`merge: ${merged.damaged.length} damaged cell(s) left out (listed above); resume their runs to redo them, then merge again
`);
          return 1;
        }
        return 0;
      }),
    );
}
