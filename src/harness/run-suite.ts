/**
 * `divbench run`: load and validate a suite, expand the matrix, preflight the datasets, skip
 * finished cells (resume), run the rest on a bounded pool of child processes, write each result
 * atomically, and summarise. Never imports TensorFlow.js.
 */
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { BackendUnavailableError, CellWriteError, DivbenchError, SuiteError, WriteError } from '../errors.js';
import { VERSION } from '../package-info.js';
import { incompatibleCells } from '../spec/compatibility.js';
import { expandMatrix } from '../spec/expand-matrix.js';
import { loadSuite } from '../spec/load-suite.js';
import type { Cell, Suite } from '../spec/types.js';
import { defaultJobCount, type BackendRequest } from '../spec/backends.js';
import { writeJsonAtomic } from '../store/atomic-write.js';
import { cellKey } from '../store/cell-key.js';
import { collectEnv } from './env-info.js';
import { createSlot, runPool } from './pool.js';
import { preflightDatasets, type DatasetSummary } from './preflight.js';
import { watchInterrupts, type InterruptSignal } from './interrupts.js';
import { readStoredCell } from '../store/integrity.js';
import { lockFolder } from '../store/run-lock.js';
import { estimatedCellCost } from './eta.js';
import type { ProgressReporter } from './progress.js';
import type { CellResult } from '../store/results.js';
import { cellDir, ensureRunDir, resultPath } from '../store/run-dir.js';
import { createRunDir, resumeRunDir } from './run-folder.js';
import { spawnCell } from './spawn-cell.js';
import { selectShard, type Shard } from './shard.js';
import { cellArchitecture } from '../spec/cell-label.js';

export interface RunOptions {
  readonly suiteFile: string;
  readonly outRoot?: string;
  readonly jobs?: number;
  readonly backend?: BackendRequest;
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
  /** The worker entry each cell spawns (a test seam, see SpawnOptions.worker). */
  readonly worker?: string;
}

export interface RunSummary {
  readonly runDir: string;
  readonly suite: Suite;
  readonly results: CellResult[];
  readonly skipped: number;
  readonly failed: CellResult[];
  /** Set when a signal (or a closed output pipe) stopped the run. */
  readonly interrupted?: InterruptSignal;
}

/** The default `--jobs` for a backend request (spec/backends.ts decides; this looks at the machine). */
function defaultJobs(backend: BackendRequest): number {
  const require = createRequire(import.meta.url);
  const installed = (pkg: string) => {
    try {
      require.resolve(pkg);
      return true;
    } catch {
      return false;
    }
  };
  return defaultJobCount(backend, { cores: os.availableParallelism?.() ?? os.cpus().length, installed });
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
  const resuming = opts.resume !== undefined && opts.resume !== false;
  const runDir = resuming ? resumeRunDir(suite, opts, outRoot) : resolve(createRunDir(suite, opts, outRoot));
  const lock = lockFolder(runDir, `divbench run ${opts.suiteFile}${resuming ? ' --resume' : ''}`);
  try {
    return await runLocked(opts, { suite, cells, datasets, runDir, jobs, backend });
  } finally {
    lock.release();
  }
}

/** What runSuite resolved before taking the run folder's lock. */
interface LockedRun {
  readonly suite: Suite;
  readonly cells: Cell[];
  readonly datasets: Map<string, DatasetSummary>;
  readonly runDir: string;
  readonly jobs: number;
  readonly backend: BackendRequest;
}

async function runLocked(opts: RunOptions, { suite, cells, datasets, runDir, jobs, backend }: LockedRun): Promise<RunSummary> {
  ensureRunDir(runDir);
  writeJsonAtomic(join(runDir, 'suite.json'), suite);
  writeJsonAtomic(join(runDir, 'env.json'), { ...collectEnv(), backendRequested: backend, jobs, ...(opts.shard ? { shard: opts.shard } : {}) });

  const keyed = cells.map((cell) => ({ cell, key: cellKey(cell, datasets.get(cell.dataset.id)!.hash, VERSION) }));
  const results = new Map<string, CellResult>();
  const damaged: string[] = [];
  const todo = keyed.filter(({ cell, key }) => {
    if (!opts.resume) return true;
    const prev = readStoredCell(runDir, cell.id);
    if (prev.problem) {
      damaged.push(`${cell.id}: ${prev.problem}`);
      return true;
    }
    const r = prev.result;
    const reusable = r && r.key === key && !(r.state === 'crashed' && r.interrupted) && (r.state === 'completed' || !opts.retryFailed);
    if (reusable) results.set(cell.id, r);
    return !reusable;
  });
  for (const d of damaged) opts.reporter.note(`resume: rerunning damaged cell ${d}`);

  const started = Date.now();
  // longest cells first (by their prior cost; the sort is stable): the run does not end on one
  // long cell alone while the other lanes idle
  const order = todo.map((t) => ({ ...t, cost: estimatedCellCost(t.cell) })).sort((a, b) => b.cost - a.cost);
  opts.reporter.start({
    runDir,
    suite: suite.name,
    total: cells.length,
    toRun: todo.length,
    skipped: cells.length - todo.length,
    jobs,
    cells: order.map(({ cell, cost }) => ({
      id: cell.id,
      group: `${cell.dataset.id}/${cellArchitecture(cell)}`,
      dataset: cell.dataset.id,
      model: cellArchitecture(cell),
      cost,
    })),
  });
  const slot = createSlot();
  const abort = new AbortController();
  let stop = false;
  let bailed = false;
  let interrupted: InterruptSignal | undefined;
  let fatal: unknown;
  const unwatch = watchInterrupts((signal) => {
    interrupted = signal;
    stop = true;
    abort.abort(); // kills every running worker's process group
    if (signal !== 'SIGPIPE') opts.reporter.note(`\n${signal}: stopping — killing the running cells, recording them as interrupted and writing run.json`);
  });
  try {
    await runPool(
      order,
      jobs,
      async ({ cell, key }, lane) => {
        opts.reporter.cellStart(cell.id);
        const dir = cellDir(runDir, cell.id);
        removeTempFiles(dir);
        let result = await spawnCell(cell, {
          cellDir: dir,
          key,
          backend,
          concurrency: Math.min(jobs, todo.length),
          throughputSlot: {
            // waiting for the slot uses no CPU: the next cell may start on this lane meanwhile
            acquire: async () => {
              if (!slot.held) return slot.acquire();
              const lent = lane.lend();
              const others = await slot.acquire();
              if (lent) await lane.reclaim();
              return others;
            },
            release: () => slot.release(),
          },
          onMessage: (m) => opts.reporter.cellMessage(cell.id, m),
          signal: abort.signal,
          env: opts.env,
          ...(opts.worker ? { worker: opts.worker } : {}),
        });
        if (interrupted && result.state !== 'completed') {
          result = {
            ...result,
            state: 'crashed',
            exitCode: null,
            signal: 'SIGKILL',
            stderrTail: result.state === 'crashed' ? result.stderrTail : '',
            reason: `interrupted by ${interrupted} (the run was stopped; --resume reruns this cell)`,
            interrupted,
          };
        } else if (bailed && result.state !== 'completed') return; // killed by --bail: not a result of its own
        if (fatal !== undefined) return;
        if (result.state === 'errored' && (result.error.name === 'WriteError' || result.error.name === 'BackendUnavailableError')) {
          // The worker could not write its files (full disk, read-only folder), or the backend the
          // run asked for does not work here (spec/backends.ts names the fix): not the cell's fault,
          // so not recorded as its result — the run stops with that error (exit 2).
          fatal = result.error.name === 'WriteError' ? new CellWriteError(result.error.message) : new BackendUnavailableError(result.error.message, []);
          stop = true;
          abort.abort();
          return;
        }
        try {
          writeJsonAtomic(resultPath(runDir, cell.id), result);
        } catch (e) {
          fatal = e; // a full disk or a read-only folder: stop, keep what is written
          stop = true;
          abort.abort();
          return;
        }
        results.set(cell.id, result);
        opts.reporter.cellEnd(result);
        if (opts.bail && result.state !== 'completed' && !interrupted) {
          bailed = true;
          stop = true;
          abort.abort();
        }
      },
      () => stop,
    );
  } finally {
    unwatch();
  }

  const ordered = cells.map((c) => results.get(c.id)).filter((r): r is CellResult => r !== undefined);
  const counts: Record<string, number> = {};
  for (const r of ordered) {
    const state = r.state === 'crashed' && r.interrupted ? 'interrupted' : r.state;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  const notRun = cells.length - ordered.length;
  if (notRun) counts['not run'] = notRun;
  try {
    writeJsonAtomic(join(runDir, 'run.json'), {
      suite: suite.name,
      divbench: VERSION,
      finishedAt: new Date().toISOString(),
      cells: cells.length,
      counts,
      ...(interrupted ? { interrupted } : {}),
      states: Object.fromEntries(ordered.map((r) => [r.cellId, r.state])),
    });
  } catch (e) {
    fatal ??= e;
  }
  if (fatal !== undefined) {
    const hint = `The run stopped; ${ordered.length} cell result(s) written before are kept. Fix it, then resume: divbench run ${opts.suiteFile} --resume ${basename(runDir)}`;
    if (fatal instanceof WriteError) throw new WriteError(fatal.path, fatal.cause, hint);
    if (fatal instanceof DivbenchError) {
      fatal.message = `${fatal.message.replace(/\.$/, '')}. ${hint}`;
      throw fatal;
    }
    throw fatal;
  }
  opts.reporter.end({ runDir, counts, elapsedMs: Date.now() - started });
  return {
    runDir,
    suite,
    results: ordered,
    skipped: cells.length - todo.length,
    failed: ordered.filter((r) => r.state !== 'completed'),
    ...(interrupted ? { interrupted } : {}),
  };
}

/** Leftovers of atomic writes a killed worker did not finish. */
function removeTempFiles(dir: string): void {
  try {
    for (const name of readdirSync(dir)) if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  } catch {
    /* no folder yet */
  }
}
