/**
 * The run folder: `reports/runs/<suite>/<run-id>/` with `suite.json`, `env.json`, `run.json` and
 * `cells/<cell-id>/{result.json, *.arrow}`. `result.json` is written last and atomically: its
 * presence means the cell finished (in whatever state it records).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError, WriteError } from '../errors.js';
import type { Suite } from '../spec/types.js';
import type { CellResult, EnvInfo } from './results.js';

export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
}

export function suiteRunsDir(outRoot: string, suite: string): string {
  return join(outRoot, suite);
}

export function latestRun(outRoot: string, suite: string): string | undefined {
  const dir = suiteRunsDir(outRoot, suite);
  if (!existsSync(dir)) return undefined;
  const runs = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'suite.json'))).sort();
  return runs.length ? join(dir, runs[runs.length - 1]) : undefined;
}

export function cellDir(runDir: string, cellId: string): string {
  return join(runDir, 'cells', cellId);
}

export function resultPath(runDir: string, cellId: string): string {
  return join(cellDir(runDir, cellId), 'result.json');
}

export function readResult(runDir: string, cellId: string): CellResult | undefined {
  const p = resultPath(runDir, cellId);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as CellResult;
  } catch {
    return undefined; // unreadable: treat as not finished (it will be rerun)
  }
}

/** All results of a run folder, sorted by cell id. */
export function readAllResults(runDir: string): CellResult[] {
  const cells = join(runDir, 'cells');
  if (!existsSync(cells)) return [];
  return readdirSync(cells)
    .filter((id) => statSync(join(cells, id)).isDirectory())
    .sort()
    .map((id) => readResult(runDir, id))
    .filter((r): r is CellResult => r !== undefined);
}

export function ensureRunDir(path: string): string {
  const abs = resolve(path);
  try {
    mkdirSync(join(abs, 'cells'), { recursive: true });
  } catch (e) {
    throw new WriteError(join(abs, 'cells'), e);
  }
  return abs;
}

/** Checks that `dir` is a run folder (has suite.json) and returns its absolute path. */
export function requireRunDir(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(join(abs, 'suite.json'))) {
    throw new UsageError(`${dir} is not a divbench run folder (no suite.json). Run folders are reports/runs/<suite>/<run-id>/`);
  }
  return abs;
}

/** `env.json`: the environment plus how the run was started. */
export type RunEnv = EnvInfo & { backendRequested?: string; jobs?: number; shard?: { index: number; count: number; source: string } };

/** Everything a run folder says, read from its files (never retrains anything). */
export interface RunFolder {
  readonly dir: string;
  readonly runId: string;
  readonly suite: Suite;
  readonly env: RunEnv | null;
  /** From run.json; null while the run is unfinished or was killed. */
  readonly finishedAt: string | null;
  readonly results: CellResult[];
}

function readJsonIfPresent<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

export function readRunFolder(path: string): RunFolder {
  const dir = requireRunDir(path);
  return {
    dir,
    runId: basename(dir),
    suite: readJsonIfPresent<Suite>(join(dir, 'suite.json'))!,
    env: readJsonIfPresent<RunEnv>(join(dir, 'env.json')),
    finishedAt: readJsonIfPresent<{ finishedAt?: string }>(join(dir, 'run.json'))?.finishedAt ?? null,
    results: readAllResults(dir),
  };
}
