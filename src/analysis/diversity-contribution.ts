/**
 * How a baseline changes a matrix's headline indices when its models join it (issue 6, item 5):
 * the indices of the run's matrix alone and with the baseline's models added, the change, and —
 * when `resamples` > 0 — its paired bootstrap CI (the same resample of examples for both sets).
 * Each baseline model is also added on its own. CAPA is the discrete form here.
 */
import type { ValidatedPredictions } from './predictions-input.js';
import type { BootstrapCi } from './bootstrap.js';
import { indexChange, indexValues, pairedIndexDeltas, type IndexValues } from './index-deltas.js';
import { weightedModels } from './weighted-headline.js';

/** A baseline's models on one dataset, aligned with the matrix (same examples, same order). */
export interface ContributingModels {
  readonly baseline: string;
  readonly dataset: string;
  readonly predictions: ValidatedPredictions;
}

export interface DiversityContribution {
  readonly baseline: string;
  readonly dataset: string;
  /** Keys of the baseline models added. */
  readonly models: string[];
  /** Matrix alone / matrix + all baseline models. */
  readonly before: IndexValues;
  readonly after: IndexValues;
  /** after − before for each index (null when either is undefined). */
  readonly change: IndexValues;
  /** Paired bootstrap CI of each change; absent when resamples = 0. */
  readonly changeCi?: Record<string, BootstrapCi>;
  /** Each baseline model added alone: its OOF accuracy and the change it makes. */
  readonly perModel: { readonly key: string; readonly accuracy: number; readonly change: IndexValues }[];
}

const delta = indexChange;

export function diversityContribution(
  matrix: ValidatedPredictions,
  view: ContributingModels,
  options: { resamples?: number; seed?: number } = {},
): DiversityContribution {
  const labels = matrix.labels;
  const N = labels.length;
  const b = view.predictions;
  if (b.labels.length !== N || b.labels.some((v, i) => v !== labels[i]))
    throw new Error(`baseline '${view.baseline}' dataset '${view.dataset}' is not aligned with the matrix (different labels or order)`);
  const ones = new Int32Array(N).fill(1);
  const K = matrix.numClasses;
  const base = weightedModels(labels, matrix.preds, K);
  const all = weightedModels(labels, [...matrix.preds, ...b.preds], K);
  const before = indexValues(base, ones);
  const after = indexValues(all, ones);
  const resamples = options.resamples ?? 0;
  let changeCi: Record<string, BootstrapCi> | undefined;
  if (resamples > 0) {
    changeCi = Object.fromEntries(pairedIndexDeltas(all, base, N, { resamples, seed: options.seed ?? 0 }).map((d) => [d.index, d.delta])) as Record<
      string,
      BootstrapCi
    >;
  }
  const perModel = b.ids.map((key, m) => {
    let c = 0;
    for (let x = 0; x < N; x++) if (b.preds[m][x] === labels[x]) c++;
    return { key, accuracy: c / N, change: delta(indexValues(weightedModels(labels, [...matrix.preds, b.preds[m]], K), ones), before) };
  });
  return {
    baseline: view.baseline,
    dataset: view.dataset,
    models: b.ids,
    before,
    after,
    change: delta(after, before),
    ...(changeCi ? { changeCi } : {}),
    perModel,
  };
}
