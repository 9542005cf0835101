/**
 * `divbench merge`: joins shard runs of one suite into one run folder. Refuses runs of different
 * suites (resolved suite content), divbench versions or dataset contents (hashes, fold
 * assignments), and two different results for the same cell. Every input cell is checked
 * (hashes, shapes, recomputed fold metrics): damaged ones are left out and listed. The output is
 * a new folder (never an existing run), locked while it is written.
 */
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MergeError, UsageError, WriteError } from '../errors.js';
import { lockFolder } from '../store/run-lock.js';
import { writeJsonAtomic } from '../store/atomic-write.js';
import { canonicalJson } from '../store/cell-key.js';
import type { CellResult } from '../store/results.js';
import { cellDir, ensureRunDir, readRunFolder, type RunFolder } from '../store/run-dir.js';

/** The suite without where it was read from: shards on other machines have other paths. */
function suiteIdentity(s: RunFolder['suite']): string {
  const { file: _file, ...rest } = s;
  return canonicalJson(rest);
}

export function mergeRuns(
  dirs: string[],
  out: string,
): { dir: string; cells: number; shards: number; damaged: Array<{ dir: string; cellId: string; problem: string }> } {
  if (dirs.length < 1) throw new UsageError('merge: give at least one run folder');
  const runs = dirs.map(readRunFolder);
  const damaged = runs.flatMap((r) => (r.damaged ?? []).map((d) => ({ dir: r.dir, ...d })));
  const [first] = runs;
  for (const r of runs.slice(1)) {
    if (suiteIdentity(r.suite) !== suiteIdentity(first.suite))
      throw new MergeError(
        `${r.dir} ran a different suite than ${first.dir} (suite '${String(r.suite.name)}' vs '${String(first.suite.name)}', or the same name with other settings); merge only shards of one suite file`,
      );
    if (r.env?.divbench !== first.env?.divbench)
      throw new MergeError(
        `${r.dir} was run with divbench ${String(r.env?.divbench)}, ${first.dir} with ${String(first.env?.divbench)}; rerun the shards with one version`,
      );
  }
  const datasetHash = new Map<string, { hash: string; folds: string; dir: string }>();
  const byCell = new Map<string, { result: CellResult; dir: string }>();
  for (const r of runs) {
    for (const res of r.results) {
      if (res.dataset) {
        const id = res.cell.dataset.id;
        const seen = datasetHash.get(id);
        const folds = res.dataset.foldHashes.join(',');
        if (!seen) datasetHash.set(id, { hash: res.dataset.hash, folds, dir: r.dir });
        else if (seen.hash !== res.dataset.hash)
          throw new MergeError(
            `dataset '${id}' differs between shards (${seen.hash} in ${seen.dir}, ${res.dataset.hash} in ${r.dir}); every shard must train on the same data`,
          );
        else if (seen.folds !== folds) throw new MergeError(`dataset '${id}' has different fold assignments in ${seen.dir} and ${r.dir}`);
      }
      const prev = byCell.get(res.cellId);
      if (!prev || (prev.result.state !== 'completed' && res.state === 'completed')) byCell.set(res.cellId, { result: res, dir: r.dir });
      else if (prev.result.state === 'completed' && res.state === 'completed' && prev.result.files.predictions.sha256 !== res.files.predictions.sha256) {
        throw new MergeError(`cell ${res.cellId} has two different completed results (${prev.dir} and ${r.dir}); drop one of the runs`);
      }
    }
  }
  const target = resolve(out);
  if (runs.some((r) => r.dir === target)) throw new UsageError(`merge: --out ${out} is one of the inputs; choose a new folder`);
  createEmptyFolder(target, out);
  ensureRunDir(target);
  const lock = lockFolder(target, 'divbench merge');
  try {
    for (const { result, dir } of byCell.values()) {
      try {
        // Only the files the checked result names, never whatever else a cell folder holds.
        const from = cellDir(dir, result.cellId);
        const to = cellDir(target, result.cellId);
        mkdirSync(to, { recursive: true });
        if (result.state === 'completed') for (const f of Object.values(result.files)) if (f) copyFileSync(join(from, f.path), join(to, f.path));
        copyFileSync(join(from, 'result.json'), join(to, 'result.json'));
      } catch (e) {
        throw new WriteError(cellDir(target, result.cellId), e, 'The merged folder is incomplete; delete it and merge again');
      }
    }
    writeMergeFiles(target, first, runs, byCell);
  } finally {
    lock.release();
  }
  return { dir: target, cells: byCell.size, shards: runs.length, damaged };
}

/** A merge writes a new folder: never into an existing run (or any folder with files in it). */
function createEmptyFolder(target: string, given: string): void {
  try {
    const st = statSync(target);
    if (!st.isDirectory()) throw new UsageError(`merge: --out ${given} is a file; give a new folder`);
    if (readdirSync(target).length > 0)
      throw new UsageError(`merge: --out ${given} already exists and is not empty; give a new folder (a merge never writes into an existing run)`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(target, e);
  }
}

function writeMergeFiles(target: string, first: RunFolder, runs: RunFolder[], byCell: Map<string, { result: CellResult; dir: string }>): void {
  writeJsonAtomic(join(target, 'suite.json'), first.suite);
  writeJsonAtomic(join(target, 'env.json'), {
    ...first.env,
    mergedFrom: runs.map((r) => ({
      dir: r.dir,
      gitCommit: r.env?.gitCommit ?? null,
      hardwareFingerprint: r.env?.hardwareFingerprint ?? null,
      cells: r.results.length,
    })),
  });
  const counts: Record<string, number> = {};
  for (const { result } of byCell.values()) counts[result.state] = (counts[result.state] ?? 0) + 1;
  writeJsonAtomic(join(target, 'run.json'), {
    suite: first.suite.name,
    divbench: first.env?.divbench,
    finishedAt: new Date().toISOString(),
    cells: byCell.size,
    counts,
    mergedFrom: runs.length,
    states: Object.fromEntries([...byCell].sort().map(([id, v]) => [id, v.result.state])),
  });
}
