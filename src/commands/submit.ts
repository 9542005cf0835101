/**
 * `divbench submit <run-dir> --name <name>` and `divbench submit --external predictions.json
 * --suite <suite> --name <name>`: write a baseline under reports/baselines/<suite>/<name>/, then
 * verify it as `divbench verify` would.
 */
import { Command } from 'commander';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { draftFromExternal } from '../baselines/submit-external.js';
import { draftFromRun } from '../baselines/submit-run.js';
import { requireVerifiedBaseline } from '../baselines/verify.js';
import { stageBaseline, type CommitStep } from '../baselines/manifest/write.js';
import { action } from './action.js';

interface SubmitOptions {
  name: string;
  out: string;
  force?: boolean;
  external?: string;
  suite?: string;
  dataset?: string;
}

/** `onCommitStep`: see StageOptions (a test seam: test/fixtures/submit-killed.ts kills the process there). */
export async function runSubmit(
  runDir: string | undefined,
  o: SubmitOptions,
  hooks: { onCommitStep?: (step: CommitStep) => void } = {},
): Promise<{ dir: string; bytes: number; models: number }> {
  let draft;
  if (o.external !== undefined) {
    if (runDir !== undefined) throw new UsageError('give either a run folder or --external <predictions.json>, not both');
    if (o.suite === undefined) throw new UsageError('--external needs --suite <suite.yaml> (the suite whose folds the predictions used)');
    draft = await draftFromExternal({ file: o.external, suite: o.suite, name: o.name, dataset: o.dataset });
  } else {
    if (runDir === undefined) throw new UsageError('give a run folder (reports/runs/<suite>/<run-id>) or --external <predictions.json>');
    if (o.suite !== undefined || o.dataset !== undefined) throw new UsageError('--suite and --dataset apply to --external submissions only');
    const r = draftFromRun(runDir, o.name);
    for (const s of r.skipped) process.stderr.write(`submit: leaving out ${s}: only completed cells join a baseline\n`);
    draft = r.draft;
  }
  // Written and verified beside its place, then renamed into it: the old baseline stays until
  // the new one is whole and verified.
  const staged = stageBaseline(o.out, draft, { force: o.force, ...hooks });
  let dir: string;
  const { manifest } = staged;
  try {
    await requireVerifiedBaseline(staged.dir);
    dir = staged.commit();
  } finally {
    staged.discard();
  }
  const bytes = [...manifest.models.map((m) => m.file.bytes), ...manifest.datasets.map((d) => d.file.bytes), statSync(join(dir, 'manifest.json')).size].reduce(
    (a, b) => a + b,
    0,
  );
  return { dir, bytes, models: manifest.models.length };
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description('turn a run (or external out-of-fold predictions) into a verified baseline under reports/baselines/<suite>/<name>/')
    .argument('[run-dir]', 'run folder reports/runs/<suite>/<run-id>')
    .requiredOption('--name <name>', 'baseline name, kebab-case and unique per suite (e.g. wasm-2026-01)')
    .option('--out <dir>', 'baselines root', 'reports/baselines')
    .option(
      '--external <file>',
      'predictions JSON ({labels, numClasses, folds, models: {id: {pred, prob?}}, meta?}) made on the folds `divbench folds` exported',
    )
    .option('--suite <file>', 'with --external: the suite file')
    .option('--dataset <id>', 'with --external: which dataset of the suite')
    .option('--force', 'replace an existing baseline of that name')
    .action(
      action(async (runDir: string | undefined, o: SubmitOptions) => {
        const r = await runSubmit(runDir, o);
        process.stderr.write(`baseline ${r.dir}: ${r.models} model(s), ${(r.bytes / 1024).toFixed(1)} KiB, verified\n`);
      }),
    );
}
