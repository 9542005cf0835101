/**
 * The baselines API for the report (and anyone else): every baseline of a suite as leaderboard
 * rows plus predictions in the analysis input shape, aligned example by example with a run's
 * `readDatasetPredictions` output (labels in dataset order; same folds, checked by hash), and the
 * diversity contribution of each baseline to a run's matrix (analysis/diversity-contribution.ts).
 *
 *   const { baselines, invalid } = await loadBaselines('reports/baselines', 'smoke');
 *   for (const b of baselines) for (const d of b.datasets) {
 *     const merged = mergePredictions(runPredictions, d);       // run models + baseline models
 *     const contribution = diversityContribution(runPredictions, d, { resamples: 200 });
 *   }
 *
 * Loading verifies each baseline by recomputation (its files, metrics and indices); datasets are
 * reloaded for their hashes only with `checkDatasets: true` (what `divbench verify` does).
 */
import { getModel } from '../registry/models/index.js';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineError } from '../errors.js';
import type { ValidatedPredictions } from '../analysis/predictions-input.js';
import type { BaselineManifest, ModelEntry } from './manifest/schema.js';
import { toValidated } from './indices.js';
import { verifyBaseline } from './verify.js';

export interface BaselineModelRow {
  /** Baseline name (folder). */
  readonly baseline: string;
  readonly suite: string;
  /** True for predictions made outside divbench (`submit --external`); label them so. */
  readonly external: boolean;
  /** Model id in the manifest (a cell id for run baselines). */
  readonly modelId: string;
  /** Unique id in merged predictions: `baseline:<name>/<modelId>`. */
  readonly key: string;
  readonly dataset: string;
  readonly architecture?: string;
  readonly optimizer?: string;
  readonly seed?: number;
  readonly description?: string;
  /** Held-out accuracy per split (repeat-major) and its mean (recomputed, verified). */
  readonly heldOutAccuracy: { readonly mean: number; readonly folds: number[] };
  readonly oofAccuracy: number;
  /** Train − held-out accuracy (train is attested by the run); null for external models. */
  readonly gap: { readonly mean: number; readonly folds: number[] } | null;
  readonly provenance: BaselineManifest['provenance'];
}

export interface BaselineDatasetView {
  readonly baseline: string;
  readonly dataset: string;
  readonly rows: BaselineModelRow[];
  /** ids are the rows' `key`s; no features (baselines store none), so CKA is n/a for them. */
  readonly predictions: ValidatedPredictions;
  /** Fold of each example (repeat 0). */
  readonly folds: Int32Array;
  readonly datasetHash: string;
  readonly foldHash: string;
}

export interface LoadedBaseline {
  readonly name: string;
  readonly suite: string;
  readonly dir: string;
  readonly kind: BaselineManifest['kind'];
  readonly manifest: BaselineManifest;
  readonly datasets: BaselineDatasetView[];
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

function row(m: BaselineManifest, x: ModelEntry): BaselineModelRow {
  const acc = x.folds.map((f) => f.heldOut.accuracy);
  const gaps = x.folds.map((f) => f.gap);
  return {
    baseline: m.name,
    suite: m.suite.name,
    external: x.external,
    modelId: x.id,
    key: `baseline:${m.name}/${x.id}`,
    dataset: x.dataset,
    ...(x.architecture ? { architecture: x.architecture.id } : {}),
    ...(x.optimizer ? { optimizer: x.optimizer.id } : {}),
    ...(x.seed !== undefined ? { seed: x.seed } : {}),
    ...(x.description !== undefined ? { description: x.description } : {}),
    heldOutAccuracy: { mean: mean(acc), folds: acc },
    oofAccuracy: x.oofAccuracy,
    gap: gaps.every((g): g is number => g !== null) ? { mean: mean(gaps), folds: gaps } : null,
    provenance: m.provenance,
  };
}

/** Loads one baseline folder; throws nothing: problems come back instead of the baseline. */
/** Factors are an open record of strings: a missing axis is absent, not undefined. */
function definedOnly(f: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function loadBaseline(
  dir: string,
  options: { checkDatasets?: boolean; suiteFile?: string } = {},
): Promise<{ baseline: LoadedBaseline | null; problems: string[] }> {
  const { problems, data } = await verifyBaseline(dir, { checkDatasets: options.checkDatasets ?? false, suiteFile: options.suiteFile });
  if (problems.length > 0 || !data) return { baseline: null, problems };
  const m = data.manifest;
  const datasets = m.datasets.map((d): BaselineDatasetView => {
    const arrays = data.datasets.get(d.id)!;
    const ms = m.models.filter((x) => x.dataset === d.id);
    const rows = ms.map((x) => row(m, x));
    const predictions = toValidated({
      ids: rows.map((r) => r.key),
      labels: arrays.labels,
      numClasses: d.numClasses,
      models: ms.map((x) => data.models.get(x.id)!),
      factors: ms.map((x) =>
        x.external
          ? { architecture: `external:${x.id}`, optimizer: 'external', seed: m.name }
          : definedOnly({
              family: x.model ? (getModel(x.model.type)?.family ?? x.model.type) : 'network',
              architecture: x.architecture?.id,
              optimizer: x.optimizer?.id,
              model: x.model?.id,
              seed: String(x.seed),
            }),
      ),
    });
    return { baseline: m.name, dataset: d.id, rows, predictions, folds: arrays.folds[0], datasetHash: d.hash, foldHash: d.foldHashes[0] };
  });
  return { baseline: { name: m.name, suite: m.suite.name, dir, kind: m.kind, manifest: m, datasets }, problems: [] };
}

/** Every baseline of `suite` under `root` (sorted by name); invalid ones are listed, not loaded. */
export async function loadBaselines(
  root: string,
  suite: string,
  options: { checkDatasets?: boolean } = {},
): Promise<{ baselines: LoadedBaseline[]; invalid: { dir: string; problems: string[] }[] }> {
  const dir = join(root, suite);
  const baselines: LoadedBaseline[] = [];
  const invalid: { dir: string; problems: string[] }[] = [];
  if (!existsSync(dir)) return { baselines, invalid };
  for (const name of readdirSync(dir).sort()) {
    const d = join(dir, name);
    if (!lstatSync(d).isDirectory()) continue;
    const r = await loadBaseline(d, options);
    if (r.baseline) baselines.push(r.baseline);
    else invalid.push({ dir: d, problems: r.problems });
  }
  return { baselines, invalid };
}

/** Throws unless the baseline's labels are the run's, example by example (same data, same order). */
function assertAligned(run: ValidatedPredictions, view: BaselineDatasetView): void {
  const a = run.labels;
  const b = view.predictions.labels;
  if (a.length !== b.length || a.some((v, i) => v !== b[i]) || run.numClasses !== view.predictions.numClasses) {
    throw new BaselineError(`baseline '${view.baseline}'`, [
      `dataset '${view.dataset}' is not aligned with the run's predictions (different labels or order); compare only against a baseline submitted from a run of the same suite and dataset`,
    ]);
  }
}

/** The run's models followed by the baseline's (baseline models have no features: CKA n/a). */
export function mergePredictions(run: ValidatedPredictions, ...views: BaselineDatasetView[]): ValidatedPredictions {
  for (const v of views) assertAligned(run, v);
  const extra = views.map((v) => v.predictions);
  return {
    ids: [...run.ids, ...extra.flatMap((p) => p.ids)],
    labels: run.labels,
    numClasses: run.numClasses,
    preds: [...run.preds, ...extra.flatMap((p) => p.preds)],
    probs: [...run.probs, ...extra.flatMap((p) => p.probs)],
    features: [...run.features, ...extra.flatMap((p) => p.features)],
    ...(run.featureFolds ? { featureFolds: run.featureFolds } : {}),
    factors: [...run.factors, ...extra.flatMap((p) => p.factors)],
  };
}
