/**
 * Loads a dataset the way the worker does (plain Node, no tfjs) to check a baseline's dataset
 * hash and to recompute the fold assignment from the dataset's own labels.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
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

export function suiteFileFromManifest(file: string): string {
  return isAbsolute(file) ? file : resolve(PACKAGE_ROOT, file);
}

export async function loadDatasetTruth(type: string, params: Record<string, unknown>, suiteFile: string): Promise<DatasetTruth> {
  const def = registry.datasets[type];
  if (!def) throw new Error(`unknown dataset type '${type}'`);
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
