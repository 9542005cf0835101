/**
 * Loads a dataset the way the worker does (plain Node, no tfjs) to check a baseline's dataset
 * hash and to recompute the fold assignment from the dataset's own labels.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import { DatasetError } from '../errors.js';
import { assignFolds, foldHash } from '../spec/folds.js';

export interface DatasetTruth {
  readonly hash: string;
  readonly labels: Int32Array;
  readonly numClasses: number;
  readonly x: Float32Array;
  readonly shape: number[];
}

/** Suite file path as stored in a manifest: relative to the package root when inside it. */
export function suiteFileForManifest(abs: string): string {
  const rel = resolve(abs).startsWith(PACKAGE_ROOT) ? resolve(abs).slice(PACKAGE_ROOT.length + 1) : abs;
  return rel.split('\\').join('/');
}

/**
 * The suite file a manifest names, resolved inside the divbench package — or a problem: a
 * manifest is data from anywhere, so an absolute path, `..`, a non-YAML name or a symlink out of
 * the package is never opened (pass --suite <file> to check against a suite elsewhere).
 */
export function suiteFileFromManifest(file: string): string | { problem: string } {
  const refuse = {
    problem: `suite.file ${JSON.stringify(file.slice(0, 200))} is not a .yaml file inside the divbench package (e.g. suites/smoke.yaml); it is not opened — pass --suite <file> to check against your suite`,
  };
  if (isAbsolute(file) || file.split(/[\\/]/).includes('..') || !/\.ya?ml$/.test(file) || file.includes('\0')) return refuse;
  const abs = resolve(PACKAGE_ROOT, file);
  if (!abs.startsWith(`${PACKAGE_ROOT}${sep}`)) return refuse;
  try {
    const real = realpathSync(abs);
    const root = realpathSync(PACKAGE_ROOT);
    if (!real.startsWith(`${root}${sep}`)) return refuse;
  } catch {
    /* missing: reported by the caller */
  }
  return abs;
}

export async function loadDatasetTruth(type: string, params: Record<string, unknown>, suiteFile: string): Promise<DatasetTruth> {
  const def = registry.datasets[type];
  if (!def) throw new DatasetError(`unknown dataset type '${type}' (known: ${Object.keys(registry.datasets).join(', ')})`);
  const d = await def.load(def.params.parse(params), { packageRoot: PACKAGE_ROOT, suiteDir: dirname(suiteFile), env: process.env });
  return { hash: d.hash, labels: d.y, numClasses: d.numClasses, x: d.x, shape: d.shape };
}

export interface FoldSettings {
  readonly folds: number;
  readonly repeats: number;
  readonly stratified: boolean;
  readonly splitSeed: number;
}

/** Each repeat's fold assignment, recomputed from labels exactly as the harness does. */
export function expectedFolds(labels: Int32Array, s: FoldSettings): Int32Array[] {
  return Array.from({ length: s.repeats }, (_, repeat) => assignFolds(labels, { k: s.folds, seed: s.splitSeed, repeat, stratified: s.stratified }));
}

export const foldHashes = (folds: readonly Int32Array[]): string[] => folds.map((f) => foldHash(Int32Array.from(f)));
