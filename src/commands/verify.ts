/** `divbench verify <baseline-dir>...`: recompute and check every number of a baseline (exit 2 on any problem). */
import { Command } from 'commander';
import { BaselineError } from '../errors.js';
import { verifyBaseline } from '../baselines/verify.js';
import { action } from './action.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a baseline: schema, names, files, dataset and fold hashes, and every metric and index recomputed from its predictions')
    .argument('<baseline-dir...>', 'baseline folders reports/baselines/<suite>/<name>')
    .option('--suite <file>', 'suite file to check against (default: the one the manifest names)')
    .action(
      action(async (dirs: string[], o: { suite?: string }) => {
        const failed: string[] = [];
        for (const dir of dirs) {
          const { problems, data } = await verifyBaseline(dir, { suiteFile: o.suite });
          if (problems.length === 0 && data) {
            process.stdout.write(
              `ok ${dir}: ${data.manifest.models.length} model(s) on ${data.manifest.datasets.map((d) => d.id).join(', ')}; every metric and index recomputed\n`,
            );
          } else {
            for (const p of problems) process.stderr.write(`${dir}: ${p}\n`);
            failed.push(dir);
          }
        }
        if (failed.length) throw new BaselineError(failed.join(', '), [`${failed.length} baseline(s) failed verification (problems above)`]);
      }),
    );
}
