/**
 * The run folder: `reports/runs/<suite>/<run-id>/` with `suite.json`, `env.json`, `run.json` and
 * `cells/<cell-id>/{result.json, *.arrow}`. `result.json` is written last and atomically: its
 * presence means the cell finished (in whatever state it records).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RunFolderError, UsageError, WriteError } from '../errors.js';
import { readStoredCell, type DamagedCell } from './integrity.js';
import type { Suite } from '../spec/types.js';
import type { CellResult, EnvInfo } from './results.js';

export function newRunId(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
}

export function suiteRunsDir(outRoot: string, suite: string): string {
  return join(outRoot, suite);
}

export function latestRun(outRoot: string, suite: string): string | undefined {
  const dir = suiteRunsDir(outRoot, suite);
  if (!existsSync(dir)) return undefined;
  const runs = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'suite.json')))
    .sort();
  return runs.length ? join(dir, runs[runs.length - 1]) : undefined;
}

export function cellDir(runDir: string, cellId: string): string {
  return join(runDir, 'cells', cellId);
}

export function resultPath(runDir: string, cellId: string): string {
  return join(cellDir(runDir, cellId), 'result.json');
}

/** Every cell folder's result, checked: the sound ones sorted by cell id, and the damaged ones. */
export function readCheckedResults(runDir: string): { results: CellResult[]; damaged: DamagedCell[] } {
  const cells = join(runDir, 'cells');
  if (!existsSync(cells)) return { results: [], damaged: [] };
  const results: CellResult[] = [];
  const damaged: DamagedCell[] = [];
  for (const entry of readdirSync(cells, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory()) {
      damaged.push({ cellId: entry.name, problem: entry.isSymbolicLink() ? 'is a symbolic link, not a cell folder' : 'is a file, not a cell folder' });
      continue;
    }
    const stored = readStoredCell(runDir, entry.name);
    if (stored.problem) damaged.push({ cellId: entry.name, problem: stored.problem });
    else if (stored.result) results.push(stored.result);
  }
  return { results, damaged };
}

/** All sound results of a run folder, sorted by cell id (damaged cells left out). */
export function readAllResults(runDir: string): CellResult[] {
  return readCheckedResults(runDir).results;
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
  /** Cells whose result.json or Arrow files failed the integrity checks: left out of `results`. */
  readonly damaged?: DamagedCell[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJsonFile(path: string, { required }: { required: boolean }): Record<string, unknown> | null {
  let text: string;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) throw new RunFolderError(`${path} is a symbolic link; a run folder holds plain files only`);
    if (!st.isFile()) throw new RunFolderError(`${path} is not a file`);
    if (st.size > 64 * 1024 * 1024) throw new RunFolderError(`${path} is ${st.size} bytes, too large to be divbench's`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof RunFolderError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !required) return null;
    throw new RunFolderError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new RunFolderError(
      `${path} is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}); the run folder is damaged — restore the file or rerun the suite`,
    );
  }
  if (!isObject(v)) throw new RunFolderError(`${path} is not a JSON object; the run folder is damaged`);
  return v;
}

function suiteProblem(s: Record<string, unknown>): string | undefined {
  if (typeof s.name !== 'string' || s.name === '') return 'no suite name';
  if (!Array.isArray(s.datasets) || !s.datasets.every((d) => isObject(d) && typeof d.id === 'string' && typeof d.type === 'string'))
    return 'datasets is not a list of {id, type}';
  for (const axis of ['architectures', 'optimizers', 'seeds']) if (s[axis] !== undefined && !Array.isArray(s[axis])) return `${axis} is not a list`;
  if (!isObject(s.protocol)) return 'no protocol';
  return undefined;
}

export function readRunFolder(path: string): RunFolder {
  const dir = requireRunDir(path);
  const suite = readJsonFile(join(dir, 'suite.json'), { required: true })!;
  const bad = suiteProblem(suite);
  if (bad) throw new RunFolderError(`${join(dir, 'suite.json')}: ${bad}; the run folder is damaged`);
  const env = readJsonFile(join(dir, 'env.json'), { required: false });
  const run = readJsonFile(join(dir, 'run.json'), { required: false });
  const { results, damaged } = readCheckedResults(dir);
  const datasets = new Set((suite.datasets as Array<{ id: string }>).map((d) => d.id));
  const sound = results.filter((r) => {
    if (datasets.has(r.cell.dataset?.id)) return true;
    damaged.push({ cellId: r.cellId, problem: `its dataset '${String(r.cell.dataset?.id).slice(0, 60)}' is not in suite.json` });
    return false;
  });
  return {
    dir,
    runId: basename(dir),
    suite: suite as unknown as Suite,
    env: env as RunEnv | null,
    finishedAt: typeof run?.finishedAt === 'string' ? run.finishedAt : null,
    results: sound,
    damaged: damaged.sort((a, b) => (a.cellId < b.cellId ? -1 : 1)),
  };
}
