/**
 * `divbench run`: load and validate a suite, expand the matrix, preflight the datasets, skip
 * finished cells (resume), run the rest on a bounded pool of child processes, write each result
 * atomically, and summarise. Never imports TensorFlow.js.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { SuiteError, UsageError } from '../errors.js';
import { VERSION } from '../package-info.js';
import { incompatibleCells } from '../spec/compatibility.js';
import { expandMatrix } from '../spec/expand-matrix.js';
import { loadSuite } from '../spec/load-suite.js';
import type { Suite } from '../spec/types.js';
import type { BackendChoice } from '../worker/protocol.js';
import { writeJsonAtomic } from '../store/atomic-write.js';
import { cellKey } from '../store/cell-key.js';
import { collectEnv } from './env-info.js';
import { createSlot, runPool } from './pool.js';
import { preflightDatasets } from './preflight.js';
import type { ProgressReporter } from './progress.js';
import type { CellResult } from '../store/results.js';
import { cellDir, ensureRunDir, latestRun, newRunId, readResult, resultPath, suiteRunsDir } from '../store/run-dir.js';
import { spawnCell } from './spawn-cell.js';
import { selectShard, type Shard } from './shard.js';

export interface RunOptions {
  readonly suiteFile: string;
  readonly outRoot?: string;
  readonly jobs?: number;
  readonly backend?: BackendChoice;
  /** `true`: the latest run of this suite; a string: that run id or folder. */
  readonly resume?: boolean | string;
  readonly retryFailed?: boolean;
  readonly bail?: boolean;
  readonly reporter: ProgressReporter;
  /** Run only this part of the matrix. */
  readonly shard?: Shard;
  /** Name of a new run folder (default: a UTC timestamp, plus `.shard-i-of-n` for shards). */
  readonly runId?: string;
  readonly env?: Record<string, string>;
}

export interface RunSummary {
  readonly runDir: string;
  readonly suite: Suite;
  readonly results: CellResult[];
  readonly skipped: number;
  readonly failed: CellResult[];
}

export function defaultJobs(backend: BackendChoice): number {
  if (backend === 'tensorflow' || backend === 'webgpu') return 1; // cells share one device
  if (backend === 'auto') {
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
      return 1; // GPU-capable backend installed: cells share one device
    } catch { /* not installed */ }
    // (webgpu is used by auto only on a real GPU adapter, which the parent cannot see without
    // loading Dawn; pass --jobs 1 on a GPU machine.)
  }
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

function resolveRunDir(suite: Suite, opts: RunOptions, outRoot: string): string {
  if (opts.resume === undefined || opts.resume === false) {
    if (opts.runId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(opts.runId)) throw new UsageError(`--run-id ${opts.runId}: use letters, digits, '.', '_' and '-' only`);
    const id = opts.runId ?? `${newRunId()}${opts.shard ? `.shard-${opts.shard.index}-of-${opts.shard.count}` : ''}`;
    return join(suiteRunsDir(outRoot, suite.name), id);
  }
  if (opts.resume === true) {
    const latest = latestRun(outRoot, suite.name);
    if (!latest) throw new UsageError(`--resume: no earlier run of suite '${suite.name}' under ${outRoot}; run without --resume first`);
    return latest;
  }
  const asDir = existsSync(join(opts.resume, 'suite.json')) ? opts.resume : join(suiteRunsDir(outRoot, suite.name), opts.resume);
  if (!existsSync(join(asDir, 'suite.json'))) throw new UsageError(`--resume ${opts.resume}: no such run of suite '${suite.name}' (looked in ${asDir})`);
  return asDir;
}

export async function runSuite(opts: RunOptions): Promise<RunSummary> {
  const suite = loadSuite(opts.suiteFile);
  let cells = expandMatrix(suite);
  const incompatible = incompatibleCells(cells);
  if (incompatible.length) throw new SuiteError(opts.suiteFile, incompatible);
  if (cells.length === 0) throw new SuiteError(opts.suiteFile, ['the include/exclude filters leave no cell to run']);
  if (opts.shard) cells = selectShard(cells, opts.shard);

  const outRoot = resolve(opts.outRoot ?? 'reports/runs');
  const backend = opts.backend ?? 'auto';
  const jobs = opts.jobs ?? defaultJobs(backend);
  const usedDatasets = suite.datasets.filter((d) => cells.some((c) => c.dataset.id === d.id));
  const datasets = await preflightDatasets(suite, usedDatasets);
  const runDir = ensureRunDir(resolveRunDir(suite, opts, outRoot));
  writeJsonAtomic(join(runDir, 'suite.json'), suite);
  writeJsonAtomic(join(runDir, 'env.json'), { ...collectEnv(), backendRequested: backend, jobs, ...(opts.shard ? { shard: opts.shard } : {}) });

  const keyed = cells.map((cell) => ({ cell, key: cellKey(cell, datasets.get(cell.dataset.id)!.hash, VERSION) }));
  const results = new Map<string, CellResult>();
  const todo = keyed.filter(({ cell, key }) => {
    const prev = opts.resume ? readResult(runDir, cell.id) : undefined;
    const reusable = prev && prev.key === key && (prev.state === 'completed' || !opts.retryFailed);
    if (reusable) results.set(cell.id, prev);
    return !reusable;
  });

  const started = Date.now();
  opts.reporter.start({ runDir, suite: suite.name, total: cells.length, toRun: todo.length, skipped: cells.length - todo.length, jobs, cells: todo.map(({ cell }) => ({ id: cell.id, group: `${cell.dataset.id}/${cell.architecture.id}` })) });
  const slot = createSlot();
  const abort = new AbortController();
  let stop = false;
  await runPool(todo, jobs, async ({ cell, key }) => {
    opts.reporter.cellStart(cell.id);
    const result = await spawnCell(cell, {
      cellDir: cellDir(runDir, cell.id), key, backend, concurrency: Math.min(jobs, todo.length), throughputSlot: slot,
      onMessage: (m) => opts.reporter.cellMessage(cell.id, m), signal: abort.signal, env: opts.env,
    });
    if (stop && result.state !== 'completed') return; // killed by --bail: not a result of its own
    writeJsonAtomic(resultPath(runDir, cell.id), result);
    results.set(cell.id, result);
    opts.reporter.cellEnd(result);
    if (opts.bail && result.state !== 'completed') { stop = true; abort.abort(); }
  }, () => stop);

  const ordered = cells.map((c) => results.get(c.id)).filter((r): r is CellResult => r !== undefined);
  const counts: Record<string, number> = {};
  for (const r of ordered) counts[r.state] = (counts[r.state] ?? 0) + 1;
  const notRun = cells.length - ordered.length;
  if (notRun) counts['not run'] = notRun;
  writeJsonAtomic(join(runDir, 'run.json'), {
    suite: suite.name, divbench: VERSION, finishedAt: new Date().toISOString(), cells: cells.length, counts,
    states: Object.fromEntries(ordered.map((r) => [r.cellId, r.state])),
  });
  opts.reporter.end({ runDir, counts, elapsedMs: Date.now() - started });
  return { runDir, suite, results: ordered, skipped: cells.length - todo.length, failed: ordered.filter((r) => r.state !== 'completed') };
}
