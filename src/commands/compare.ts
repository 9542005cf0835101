/**
 * `divbench compare <run-dir> --baseline <name>`: gate a run on a committed baseline with paired
 * statistics. Exit 1 on a significant regression beyond the ROPE, 0 otherwise, 2 on bad input.
 */
import { Command, InvalidArgumentError } from 'commander';
import { compareRun } from '../baselines/compare.js';
import { formatCompareMarkdown, formatCompareText } from '../baselines/compare-format.js';
import { resolveBaselinePath } from '../baselines/resolve.js';
import { readRunFolder } from '../store/run-dir.js';
import { requireVerifiedBaseline } from '../baselines/verify.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { action } from './action.js';

const unit = (name: string, lo: number, hi: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new InvalidArgumentError(`${name} must be a number in [${lo}, ${hi}], got '${v}'`);
  return n;
};

interface CompareCliOptions {
  baseline: string;
  baselines: string;
  rope: number;
  confidence: number;
  bootstrap: number;
  seed: number;
  format: string;
  out?: string;
  json?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'compare a run with a verified baseline on the same folds (corrected and Bayesian t-tests, index changes with bootstrap CIs); exit 1 on a significant regression',
    )
    .argument('<run-dir>', 'run folder reports/runs/<suite>/<run-id>')
    .requiredOption('--baseline <name>', 'baseline name under <baselines>/<suite>/, or a baseline folder path')
    .option('--baselines <dir>', 'baselines root', 'reports/baselines')
    .option('--rope <r>', 'region of practical equivalence (accuracy units)', unit('--rope', 0, 1), 0.01)
    .option('--confidence <p>', 'posterior probability needed to call a regression', unit('--confidence', 0.5, 1), 0.95)
    .option('--bootstrap <n>', 'bootstrap resamples for the index CIs', unit('--bootstrap', 0, 100000), 300)
    .option('--seed <s>', 'bootstrap seed', unit('--seed', 0, 2 ** 32 - 1), 0)
    .option('--format <fmt>', 'text | md | json', 'text')
    .option('--out <file>', 'also write the output to this file')
    .action(
      action(async (runDir: string, o: CompareCliOptions) => {
        if (!['text', 'md', 'json'].includes(o.format)) throw new UsageError(`--format must be text, md or json, got '${o.format}'`);
        const base = await requireVerifiedBaseline(resolveBaselinePath(o.baseline, readRunFolder(runDir).suite.name, o.baselines));
        const r = compareRun(runDir, base, { rope: o.rope, confidence: o.confidence, resamples: Math.round(o.bootstrap), seed: Math.round(o.seed) });
        const text = o.format === 'md' ? formatCompareMarkdown(r) : o.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : formatCompareText(r);
        process.stdout.write(text);
        if (o.out) writeFileAtomic(o.out, text);
        return r.regressions.length > 0 ? 1 : 0;
      }),
    );
}
