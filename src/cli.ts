#!/usr/bin/env node
/** divbench command line: argv → command; exit codes 0 ok, 1 some cells or checks failed, 2 bad input. */
import { Command, CommanderError } from 'commander';
import { VERSION } from './package-info.js';
import { COMMANDS, commandNamed } from './commands/index.js';
import { examplesHelp } from './commands/help-text.js';

const program = new Command();
program
  .name('divbench')
  .description(
    'Benchmark how alike machine-learning models are, not only how good they are. A suite (YAML) declares datasets × architectures × optimizers × seeds; every cell is trained with seeded stratified k-fold CV in its own process; results, homogenization indices and an HTML leaderboard are written under reports/runs/<suite>/<run-id>/.',
  )
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

// A reader that goes away (`divbench --help | head -1`) is not an error worth a stack trace; `run`
// adds its own handling (harness/interrupts.ts) on top of this one.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    process.exitCode ??= 141;
  });
}

// Only the command being run is loaded; `--help`, `--version` and an unknown word get the table.
const named = commandNamed(process.argv.slice(2));
if (named) (await named.load())(program);
else for (const c of COMMANDS) program.command(c.args ? `${c.name} ${c.args}` : c.name).description(c.description);

// Wrapped to the terminal's width when help is printed (commander wraps the rest itself).
program.addHelpText('after', () =>
  examplesHelp(
    [
      ['divbench run suites/smoke.yaml', 'train the smoke suite (seconds) and write its report'],
      ['divbench validate suites/fashion-mnist.yaml', 'check a suite and count its cells'],
      ['divbench list', 'registered components and their params'],
      ['divbench report reports/runs/smoke/<run-id>', 're-render a report without retraining'],
    ],
    process.stdout.columns,
  ),
);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else throw e;
}
