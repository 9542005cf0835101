#!/usr/bin/env node
/** divbench command line: argv → command; exit codes 0 ok, 1 some cells or checks failed, 2 bad input. */
import { Command, CommanderError } from 'commander';
import { VERSION } from './package-info.js';
import { registerRun } from './commands/run.js';
import { registerList, registerValidate } from './commands/validate.js';
import { registerReport } from './commands/report.js';
import { registerData } from './commands/data.js';
import { registerMerge } from './commands/merge.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerSubmit } from './commands/submit.js';
import { registerVerify } from './commands/verify.js';
import { registerFolds } from './commands/folds.js';
import { registerCompare } from './commands/compare.js';

const program = new Command();
program
  .name('divbench')
  .description('Benchmark how alike machine-learning models are, not only how good they are.\nA suite (YAML) declares datasets × architectures × optimizers × seeds; every cell is trained\nwith seeded stratified k-fold CV in its own process; results, homogenization indices and an\nHTML leaderboard are written under reports/runs/<suite>/<run-id>/.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerRun(program);
registerValidate(program);
registerList(program);
registerReport(program);
registerAnalyze(program);
registerMerge(program);
registerData(program);
registerSubmit(program);
registerVerify(program);
registerFolds(program);
registerCompare(program);

program.addHelpText('after', `
Examples:
  divbench run suites/smoke.yaml              train the smoke suite (seconds) and write its report
  divbench validate suites/fashion-mnist.yaml check a suite and count its cells
  divbench list                               registered components and their params
  divbench report reports/runs/smoke/<run-id> re-render a report without retraining`);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else throw e;
}
