/**
 * Where a run's cells go: a new run folder (never an existing one) or, with `--resume`, the
 * earlier run of the same suite — checked to be a run folder of that suite before anything runs.
 */
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, WriteError } from '../errors.js';
import type { Suite } from '../spec/types.js';
import { latestRun, newRunId, suiteRunsDir } from '../store/run-dir.js';
import type { Shard } from './shard.js';

/** The run options that choose the folder (see RunOptions). */
export interface RunFolderOptions {
  readonly suiteFile: string;
  readonly resume?: boolean | string;
  readonly shard?: Shard;
  readonly runId?: string;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A new run folder, created here (never an existing one: that would mix two runs' cells). */
export function createRunDir(suite: Suite, opts: RunFolderOptions, outRoot: string): string {
  if (opts.runId !== undefined && !RUN_ID.test(opts.runId))
    throw new UsageError(
      `--run-id ${JSON.stringify(opts.runId.slice(0, 200))}: use letters, digits, '.', '_' and '-' only (at most 128, starting with a letter or digit)`,
    );
  const parent = suiteRunsDir(outRoot, suite.name);
  checkOutRoot(outRoot);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new WriteError(parent, e, 'Choose another --out');
  }
  const base = opts.runId ?? `${newRunId()}${opts.shard ? `.shard-${opts.shard.index}-of-${opts.shard.count}` : ''}`;
  for (let n = 1; n < 100; n++) {
    const dir = join(parent, n === 1 ? base : `${base}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteError(dir, e, 'Choose another --out');
      if (opts.runId !== undefined) {
        throw new UsageError(
          `--run-id ${opts.runId}: ${dir} already exists; a new run never writes into an earlier one. Resume it with --resume ${opts.runId}, or choose another --run-id`,
        );
      }
    }
  }
  throw new UsageError(`cannot find a free run folder name under ${parent} for ${base}; pass --run-id`);
}

function checkOutRoot(outRoot: string): void {
  try {
    if (!statSync(outRoot).isDirectory())
      throw new UsageError(`--out ${outRoot} is a file, not a folder; give a folder for the run folders (default reports/runs)`);
    accessSync(outRoot, constants.W_OK); // EROFS / EACCES here, not a misleading ENOENT from mkdir -p
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(outRoot, e, 'Choose another --out');
  }
}

/** The run folder `--resume` names, checked to be a run of this suite. */
export function resumeRunDir(suite: Suite, opts: RunFolderOptions, outRoot: string): string {
  let dir: string;
  if (opts.resume === true) {
    const latest = latestRun(outRoot, suite.name);
    if (!latest) throw new UsageError(`--resume: no earlier run of suite '${suite.name}' under ${outRoot}; run without --resume first`);
    dir = latest;
  } else {
    const given = String(opts.resume);
    const asDir = isRunFolder(given) ? given : join(suiteRunsDir(outRoot, suite.name), given);
    if (!RUN_ID.test(given) && !isRunFolder(given))
      throw new UsageError(`--resume ${JSON.stringify(given.slice(0, 200))}: not a run folder and not a run id of suite '${suite.name}' under ${outRoot}`);
    if (!isRunFolder(asDir)) throw new UsageError(`--resume ${given}: no such run of suite '${suite.name}' (looked in ${asDir})`);
    dir = asDir;
  }
  const stored = readRunSuite(dir);
  if (stored.name !== suite.name) {
    throw new UsageError(
      `--resume ${String(opts.resume === true ? dir : opts.resume)}: ${dir} is a run of suite '${String(stored.name).slice(0, 100)}', not of '${suite.name}' (${opts.suiteFile}); resume it with its own suite file, or start a new run without --resume`,
    );
  }
  return resolve(dir);
}

function isRunFolder(dir: string): boolean {
  try {
    return statSync(join(dir, 'suite.json')).isFile();
  } catch {
    return false;
  }
}

function readRunSuite(dir: string): { name?: unknown } {
  const file = join(dir, 'suite.json');
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as { name?: unknown };
  } catch {
    /* below */
  }
  throw new UsageError(`--resume: ${file} is not valid JSON of a suite (damaged?); it cannot be resumed — start a new run without --resume`);
}
