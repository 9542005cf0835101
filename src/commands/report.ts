/** `divbench report <run-dir>`: re-render a run's report from its files (never retrains). */
import { Command } from 'commander';
import { writeReport } from '../report/write-report.js';
import { action } from './action.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('render the HTML report of a run folder (reads files only)')
    .argument('<run-dir>', 'e.g. reports/runs/smoke/2026-11-29T14-00-00Z')
    .option('-o, --out <file>', 'output file (default: <run-dir>/index.html)')
    .action(action(async (runDir: string, o: { out?: string }) => {
      const file = await writeReport(runDir, { out: o.out });
      process.stdout.write(`${file}\n`);
    }));
}
