/**
 * The per-model part of a manifest, built the same way by submit and by verify: held-out metrics
 * recomputed from the stored predictions, the run's attested training metrics (its training-subset
 * predictions are not stored) and the gaps derived from both.
 */
import type { ModelPredictions } from './encoding.js';
import { oofAccuracy, recomputeFolds } from '../../analysis/fold-metrics.js';
import type { FoldEntry, ModelEntry } from './schema.js';

/** What a run reports and a baseline cannot recompute, per (repeat, fold). */
export interface AttestedFold {
  readonly repeat: number;
  readonly fold: number;
  readonly train: { accuracy: number; loss: number } | null;
  readonly trainSamplesPerSec: number | null;
}

export type ModelHead = Omit<ModelEntry, 'file' | 'hasProbabilities' | 'oofAccuracy' | 'folds'>;

/** What a model's manifest entry is computed from: the dataset's labels and fold ids, k, its predictions and the fold figures the run attested. */
export interface ModelEvidence {
  readonly labels: Int32Array;
  readonly folds: readonly Int32Array[];
  readonly k: number;
  readonly predictions: ModelPredictions;
  readonly attested: readonly AttestedFold[];
}

function foldEntries({ labels, folds, k, predictions: m, attested }: ModelEvidence): FoldEntry[] {
  return recomputeFolds(labels, folds, m, k).map((r) => {
    const a = attested.find((x) => x.repeat === r.repeat && x.fold === r.fold);
    const train = a?.train ?? null;
    return {
      repeat: r.repeat,
      fold: r.fold,
      heldOutSize: r.heldOutSize,
      heldOut: { accuracy: r.accuracy, loss: r.loss },
      train,
      gap: train ? train.accuracy - r.accuracy : null,
      lossGap: train && r.loss !== null ? r.loss - train.loss : null,
      trainSamplesPerSec: a?.trainSamplesPerSec ?? null,
    };
  });
}

export function modelEntry(head: ModelHead, file: ModelEntry['file'], evidence: ModelEvidence): ModelEntry {
  const { labels, predictions: m } = evidence;
  const { id, dataset, external, architecture, optimizer, model, seed, description, throughput } = head;
  return {
    id,
    dataset,
    external,
    ...(architecture ? { architecture } : {}),
    ...(optimizer ? { optimizer } : {}),
    ...(model ? { model } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(description !== undefined ? { description } : {}),
    file,
    hasProbabilities: m.probs !== null,
    oofAccuracy: oofAccuracy(labels, m.pred),
    folds: foldEntries(evidence),
    throughput,
  };
}
