/**
 * The command table of the CLI: what `divbench --help` lists, without loading any command's
 * implementation (the report stack alone costs ~0.8 s of CPU to import). `cli.ts` imports only
 * the module of the command being run; test/commands-table.test.ts checks that every entry here
 * matches what its module registers (name, arguments, description).
 */
import type { Command } from 'commander';

export interface CommandEntry {
  readonly name: string;
  /** Arguments as commander writes them, e.g. `<suite>`, `[run-dir]`, `<run-dir...>`. */
  readonly args: string;
  readonly description: string;
  /** Loads the module and registers the full command (options, help, action) on `program`. */
  load(): Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    args: '<suite>',
    description: 'train every cell of a suite with k-fold CV, write results and an HTML report',
    load: async () => (await import('./run.js')).registerRun,
  },
  {
    name: 'validate',
    args: '<suite...>',
    description: 'check a suite file and print the cells it expands to',
    load: async () => (await import('./validate.js')).registerValidate,
  },
  {
    name: 'list',
    args: '',
    description: 'list the registered datasets, architectures, optimizers and model families with their params',
    load: async () => (await import('./validate.js')).registerList,
  },
  {
    name: 'report',
    args: '<run-dir>',
    description: 'render the report of a run folder: one self-contained HTML file (reads files only, never retrains)',
    load: async () => (await import('./report.js')).registerReport,
  },
  {
    name: 'analyze',
    args: '<input>',
    description: 'homogenization analysis of predictions (a predictions .json file or a run folder)',
    load: async () => (await import('./analyze.js')).registerAnalyze,
  },
  {
    name: 'merge',
    args: '<run-dir...>',
    description: 'join the run folders of shards of one suite into one run folder (and its report)',
    load: async () => (await import('./merge.js')).registerMerge,
  },
  { name: 'data', args: '', description: 'Manage dataset files', load: async () => (await import('./data.js')).registerData },
  {
    name: 'submit',
    args: '[run-dir]',
    description: 'turn a run (or external out-of-fold predictions) into a verified baseline under reports/baselines/<suite>/<name>/',
    load: async () => (await import('./submit.js')).registerSubmit,
  },
  {
    name: 'verify',
    args: '<baseline-dir...>',
    description: 'check a baseline: schema, names, files, dataset and fold hashes, and every metric and index recomputed from its predictions',
    load: async () => (await import('./verify.js')).registerVerify,
  },
  {
    name: 'folds',
    args: '<suite>',
    description:
      "export a dataset's fold assignment (labels, fold per example, k, seed, hashes) so another framework can make out-of-fold predictions on the same folds",
    load: async () => (await import('./folds.js')).registerFolds,
  },
  {
    name: 'compare',
    args: '<run-dir>',
    description:
      'compare a run with a verified baseline on the same folds (corrected and Bayesian t-tests, index changes with bootstrap CIs); exit 1 on a significant regression',
    load: async () => (await import('./compare.js')).registerCompare,
  },
];

/**
 * The command a command line names: its first word that is not an option (`help <cmd>` names
 * `<cmd>`), or undefined (top-level help, version, nothing).
 */
export function commandNamed(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === first);
}
