/**
 * Runs one cell in its own child process (execa) and turns whatever happens into a `CellResult`:
 * the worker's outcome, or `timed-out` (the whole process group is killed past the protocol's
 * timeout) or `crashed` (exit without an outcome: non-zero code, signal, out of memory).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { execa } from 'execa';
import { RUNNING_FROM_SOURCE, PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { Cell } from '../spec/types.js';
import type { BackendRequest } from '../spec/backends.js';
import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import { RESULT_SCHEMA_VERSION, type BackendInfo, type CellResult, type DatasetInfo, type FoldResult } from '../store/results.js';

/**
 * The worker divbench spawns: from source under tsx, else the one-file bundle `npm run build`
 * writes (scripts/bundle-worker.mjs: faster to start), else tsc's dist/worker/main.js.
 */
function defaultWorker(): string {
  if (RUNNING_FROM_SOURCE) return join(PACKAGE_ROOT, 'src/worker/main.ts');
  const bundle = join(PACKAGE_ROOT, 'dist/worker.bundle.js');
  return existsSync(bundle) ? bundle : join(PACKAGE_ROOT, 'dist/worker/main.js');
}

export interface SpawnOptions {
  readonly cellDir: string;
  readonly key: string;
  readonly backend: BackendRequest;
  readonly concurrency: number;
  /** Parent-side mutex: at most one cell measures throughput at a time. */
  readonly throughputSlot: { acquire(): Promise<number>; release(): void };
  readonly onMessage?: (m: WorkerMessage) => void;
  readonly signal?: AbortSignal;
  readonly env?: Record<string, string>;
  /** Called with the worker's pid once it is spawned (its process group has the same id). */
  readonly onSpawn?: (pid: number) => void;
  /**
   * The worker entry script to spawn (default: divbench's own, see defaultWorker). A test
   * seam: the harness's fault tests pass a fixture worker (test/fixtures/workers/) that wraps the
   * real one and crashes, hangs or corrupts a cell. A `.ts` script runs through tsx.
   */
  readonly worker?: string;
}

const STDERR_TAIL = 4000;

/**
 * Node flags of a worker. When the run keeps every core busy (concurrency ≥ cores), a worker's V8
 * helper threads (concurrent compiles, GC) no longer use an idle core: they take CPU from the other
 * cells. Measured with bench:engine (2 cores, 4 MLP cells, 2 jobs): each cell used 1.23 cores
 * alone; with --single-threaded workers the 2-job run took 10.0 s instead of 10.9 s and 18.7 s of
 * CPU instead of 20.6 s. With a core to spare (fewer jobs than cores) the helpers stay: a lone
 * cell is faster with them (16.0 s against 18.7 s). V8 flags change no arithmetic: predictions are
 * the same either way.
 */
export function workerNodeFlags(concurrency: number, cores: number): string[] {
  return concurrency >= cores ? ['--single-threaded'] : [];
}

function workerCommand(worker?: string): { file: string; args: string[] } {
  const script = worker ?? defaultWorker();
  return { file: process.execPath, args: script.endsWith('.ts') ? ['--import', 'tsx', script] : [script] };
}

export async function spawnCell(cell: Cell, options: SpawnOptions): Promise<CellResult> {
  const startedAt = new Date();
  const folds: FoldResult[] = [];
  let backend: BackendInfo | undefined;
  let dataset: DatasetInfo | undefined;
  let outcome: Extract<WorkerMessage, { type: 'outcome' }>['outcome'] | undefined;
  let lastProgress: string | undefined;
  let stderr = '';
  let holdsSlot = false;
  let timedOut = false;
  let exited = false;

  const { file, args } = workerCommand(options.worker);
  const mem = cell.protocol.memoryLimit;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const flags = [...workerNodeFlags(options.concurrency, cores), ...(mem ? [`--max-old-space-size=${mem}`] : [])];
  const child = execa(file, [...flags, ...args], {
    ipc: true,
    serialization: 'advanced',
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
    cleanup: true,
    env: options.env, // added to this process's environment (execa's extendEnv)
  });
  if (child.pid) options.onSpawn?.(child.pid);
  // A send to a worker that has died (kill -9, OOM killer) must not become an 'error' event on
  // the child (ERR_IPC_CHANNEL_CLOSED, which would kill the parent): check the channel, and hand
  // any asynchronous failure to a callback. IPC deserialization errors land on the same listener.
  child.on('error', () => {
    /* the exit code or signal tells what happened */
  });
  // The worker's process group, and the groups of programs it started (command models), which a
  // SIGKILLed worker cannot kill itself.
  const groups = new Set<number>();
  const killTree = () => {
    for (const pgid of [child.pid, ...groups]) {
      try {
        if (pgid) process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });
  child.on('message', (raw) => {
    if (!raw || typeof raw !== 'object') return;
    const m = raw as WorkerMessage;
    try {
      options.onMessage?.(m);
    } catch {
      /* a reporter's failure (e.g. a closed pipe) is not the cell's */
    }
    if (m.type === 'progress') lastProgress = m.phase === 'train' ? `repeat ${m.repeat} fold ${m.fold} epoch ${m.epoch}/${m.epochs}` : m.phase;
    else if (m.type === 'backend') backend = m.backend;
    else if (m.type === 'dataset') dataset = m.dataset;
    else if (m.type === 'process-group' && Number.isInteger(m.pgid) && m.pgid > 1) {
      if (m.alive) groups.add(m.pgid);
      else groups.delete(m.pgid);
    } else if (m.type === 'fold') folds.push(m.fold);
    else if (m.type === 'throughput-request') {
      if (holdsSlot) return;
      void options.throughputSlot.acquire().then(() => {
        // The worker may have died while it waited: give the slot straight back.
        if (exited || !child.connected) {
          options.throughputSlot.release();
          return;
        }
        holdsSlot = true;
        send({ type: 'throughput-grant' });
      });
    } else if (m.type === 'throughput-done') {
      if (holdsSlot) {
        holdsSlot = false;
        options.throughputSlot.release();
      }
    } else if (m.type === 'outcome') outcome = m.outcome;
  });
  const send = (m: ParentMessage) => {
    if (exited || !child.connected) return;
    try {
      child.send(m, undefined, undefined, () => {
        /* delivery failure: the child is gone */
      });
    } catch {
      /* child gone */
    }
  };
  send({
    type: 'start',
    cell,
    cellDir: options.cellDir,
    backend: options.backend,
    concurrency: options.concurrency,
    usesTf: registry.models[cell.model.type]?.usesTf === true,
  });

  const timer = setTimeout(() => {
    timedOut = true;
    killTree();
  }, cell.protocol.timeoutMs);
  const onAbort = () => killTree();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) killTree();
  const exit = await child;
  exited = true;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  if (holdsSlot) {
    holdsSlot = false;
    options.throughputSlot.release();
  }
  killTree();

  const finishedAt = new Date();
  const base = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    cellId: cell.id,
    key: options.key,
    cell,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    folds,
    factors: cell.factors,
    ...(backend ? { backend } : {}),
    ...(dataset ? { dataset } : {}),
  } as const;
  if (outcome) return { ...base, ...outcome } as CellResult;
  if (timedOut) return { ...base, state: 'timed-out', timeoutMs: cell.protocol.timeoutMs, ...(lastProgress ? { lastProgress } : {}) };
  const oom = /heap out of memory|Allocation failed|ENOMEM/i.test(stderr);
  const signal = exit.signal ?? null;
  const reason = oom
    ? `ran out of memory${mem ? ` (memoryLimit ${mem} MiB)` : ''}`
    : signal
      ? `killed by ${signal}`
      : `exited with code ${exit.exitCode ?? '?'} without a result`;
  return { ...base, state: 'crashed', exitCode: exit.exitCode ?? null, signal, stderrTail: stderr.trim(), reason };
}
