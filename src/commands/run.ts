/** `divbench run <suite>`: train the matrix, write results, render the report. */
import { Command, Option } from 'commander';
import { runSuite } from '../harness/run-suite.js';
import { chooseReporter } from '../harness/progress.js';
import { formatDuration } from '../spec/duration.js';
import { BACKEND_REQUESTS, backendHelp, jobsHelp, type BackendRequest } from '../spec/backends.js';
import { wrapText } from './help-text.js';
import { action, parsePositiveInt } from './action.js';
import { parseShard } from '../harness/shard.js';
import { interruptExitCode, outputClosed } from '../harness/interrupts.js';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('train every cell of a suite with k-fold CV, write results and an HTML report')
    .argument('<suite>', 'suite file, e.g. suites/smoke.yaml')
    .option('-j, --jobs <n>', jobsHelp(), parsePositiveInt('--jobs'))
    .addOption(new Option('-b, --backend <name>', backendHelp()).choices(BACKEND_REQUESTS).default('auto'))
    .option('-o, --out <dir>', 'root folder of run folders', 'reports/runs')
    .option('--resume [run-id]', 'reuse finished cells of the latest (or given) run of this suite')
    .option('--retry-failed', 'with --resume: rerun cells that diverged, errored, timed out or crashed')
    .option('--bail', 'stop at the first cell that does not complete')
    .option('--shard <i/n|auto>', 'run part i of n of the matrix (1-based); auto: from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID')
    .option('--run-id <id>', 'name of the new run folder (default: UTC timestamp)')
    .option('--json', 'stream machine-readable progress events (JSON lines) on stdout')
    .option('--no-report', 'do not render index.html at the end')
    // Test seam, hidden from --help: the harness's fault tests run cells in a fixture worker.
    .addOption(new Option('--worker <script>', 'worker entry script each cell spawns (tests only)').hideHelp())
    .addHelpText('after', () =>
      [
        '',
        ...wrapText(
          'Exit codes: 0 all cells completed, 1 some did not, 2 bad input or usage; 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP (resumable), 141 output pipe closed.',
          Math.max(40, (process.stdout.columns ?? 80) - 1),
        ),
        'Example: divbench run suites/fashion-mnist.yaml --jobs 2',
      ].join('\n'),
    )
    .action(
      action(
        async (
          suiteFile: string,
          o: {
            jobs?: number;
            shard?: string;
            runId?: string;
            backend: BackendRequest;
            out: string;
            resume?: boolean | string;
            retryFailed?: boolean;
            bail?: boolean;
            json?: boolean;
            report: boolean;
            worker?: string;
          },
        ) => {
          if (o.worker !== undefined && !existsSync(o.worker)) throw new UsageError(`--worker ${o.worker}: no such file`);
          const reporter = chooseReporter({ json: o.json });
          const summary = await runSuite({
            suiteFile,
            outRoot: o.out,
            runId: o.runId,
            shard: o.shard ? parseShard(o.shard) : undefined,
            jobs: o.jobs,
            backend: o.backend,
            resume: o.resume,
            retryFailed: o.retryFailed,
            bail: o.bail,
            reporter,
            ...(o.worker ? { worker: resolve(o.worker) } : {}),
          });
          if (summary.interrupted) {
            if (!outputClosed()) {
              const stopped = summary.results.filter((r) => r.state === 'crashed' && r.interrupted).length;
              process.stderr.write(
                `divbench: interrupted by ${summary.interrupted}: ${stopped} running cell(s) recorded as interrupted, ${summary.results.length - stopped} other result(s) kept in ${summary.runDir}\nContinue with: divbench run ${suiteFile} --resume ${basename(summary.runDir)}${o.out !== 'reports/runs' ? ` --out ${o.out}` : ''}\n`,
              );
            }
            return interruptExitCode(summary.interrupted);
          }
          if (o.report) {
            const file = await (await import('../report/write-report.js')).writeReport(summary.runDir, {});
            reporter.note(`report: ${file}`);
          }
          if (summary.failed.length) {
            reporter.note(
              `\n${summary.failed.length} cell(s) did not complete:\n${summary.failed.map((r) => `  ${r.state.padEnd(9)} ${r.cellId}${detail(r)}`).join('\n')}\nRerun them with: divbench run ${suiteFile} --resume --retry-failed`,
            );
            return 1;
          }
          return 0;
        },
      ),
    );
}

function detail(r: import('../store/results.js').CellResult): string {
  switch (r.state) {
    case 'errored':
      return `: ${r.error.message}`;
    case 'crashed':
      return `: ${r.reason}`;
    case 'timed-out':
      return `: after ${formatDuration(r.timeoutMs)}`;
    case 'diverged':
      return `: non-finite loss at repeat ${r.diverged.repeat} fold ${r.diverged.fold + 1} epoch ${r.diverged.epoch + 1}`;
    default:
      return '';
  }
}
