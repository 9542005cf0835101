/** `divbench folds <suite> --dataset <id> --out folds.json`: export the exact fold assignment for external baselines. */
import { Command } from 'commander';
import { writeFileAtomic } from '../store/atomic-write.js';
import { exportFolds } from '../baselines/fold-export.js';
import { loadSuite } from '../spec/load-suite.js';
import { action } from './action.js';

export function registerFolds(program: Command): void {
  program
    .command('folds')
    .description(
      "export a dataset's fold assignment (labels, fold per example, k, seed, hashes) so another framework can make out-of-fold predictions on the same folds",
    )
    .argument('<suite>', 'suite file')
    .option('--dataset <id>', 'dataset id (needed when the suite has several)')
    .requiredOption('-o, --out <file>', 'JSON file to write')
    .option('--repeat <r>', 'CV repeat', (v) => Number(v), 0)
    .option('--data', 'also write the examples (x: one flattened row per example, and shape)')
    .action(
      action(async (suiteFile: string, o: { dataset?: string; out: string; repeat: number; data?: boolean }) => {
        const e = await exportFolds(loadSuite(suiteFile), o.dataset, { repeat: o.repeat, data: o.data });
        writeFileAtomic(o.out, `${JSON.stringify(e)}\n`);
        process.stderr.write(`folds of '${e.dataset}' (${e.n} examples, k=${e.k}, splitSeed=${e.splitSeed}, ${e.foldHash}) → ${o.out}\n`);
      }),
    );
}
