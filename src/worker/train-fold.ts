/**
 * The fold protocol, the same for every model family: split, gather the training rows, a fresh
 * learner `fit`s them (it never sees held-out labels), then `predict` scores a fixed subset of the
 * training split, the held-out fold, its probe subset (with the representation, for CKA) and the
 * official test split. A fold whose held-out or training-subset probabilities hold a non-finite
 * value is `diverged`, whatever the loss said; a learner that returns the wrong shape or the raw
 * input as its representation is an error naming the family.
 */
import type { FoldResult } from '../store/results.js';
import { medianOf } from './summarize.js';
import type { Learner, LearnerContext, LearnerOutput, ModelDefinition, PredictRows } from '../registry/models/types.js';
import type { LoadedDataset } from '../registry/types.js';
import { probeIndices, splitIndices } from '../spec/folds.js';
import { deriveSeed, mulberry32, shuffleInPlace } from '../spec/random.js';
import type { Cell } from '../spec/types.js';
import { gatherRows, rowSizeOf } from './batches.js';
import { argmaxRows, firstNonFiniteRow, isRawInputCopy, scorePredictions, type Predictions } from './predict.js';

export interface FoldInput {
  readonly cell: Cell;
  readonly data: LoadedDataset;
  readonly def: ModelDefinition;
  readonly assignment: Int32Array;
  readonly repeat: number;
  readonly fold: number;
  /** The learner's context for this fold (streams, tf, protocol, cell data), given the probe. */
  context(probe: Int32Array): LearnerContext;
  onProgress(done: number, total: number, loss?: number): void;
}

export type FoldOutcome =
  | {
      readonly kind: 'ok';
      readonly result: FoldResult;
      readonly heldOut: Int32Array;
      readonly heldOutPred: Predictions;
      readonly probe: Int32Array;
      readonly probeFeatures?: Float32Array;
      readonly featureSize: number;
      readonly test?: Predictions;
      /** Still alive: the caller disposes it (after measuring throughput with the last one). */
      readonly learner: Learner;
    }
  | { readonly kind: 'diverged'; readonly epoch: number; readonly loss: number | null; readonly reason: string };

export async function trainFold(input: FoldInput): Promise<FoldOutcome> {
  const { cell, data, def, repeat, fold } = input;
  const { probeSize, splitSeed } = cell.protocol;
  const K = data.numClasses;
  const rowSize = rowSizeOf(data.shape);
  const { train, heldOut } = splitIndices(input.assignment, fold);
  const probe = probeIndices(heldOut, { size: probeSize, seed: splitSeed, repeat, fold });
  const learner = await def.create(cell.model.params, input.context(probe));
  let keep = false;
  try {
    const x = gatherRows(data.x, rowSize, train);
    const y = Int32Array.from(train, (i) => data.y[i]);
    const started = performance.now();
    const report = await learner.fit({ x, y, n: train.length, indices: train }, { onProgress: input.onProgress });
    const trainTimeMs = performance.now() - started;
    if (report.diverged)
      return {
        kind: 'diverged',
        epoch: report.diverged.epoch,
        loss: report.diverged.loss,
        reason: `training loss ${report.diverged.loss ?? 'NaN'} at epoch ${report.diverged.epoch}`,
      };
    // `what` names the rows in errors; `features`: also return the representation (the probe rows).
    const predict = async ({
      source,
      rows,
      set,
      features = false,
      what,
    }: {
      source: Float32Array;
      rows: Int32Array;
      set: PredictRows['set'];
      features?: boolean;
      what: string;
    }): Promise<Predictions> => {
      const out = await learner.predict(gatherRows(source, rowSize, rows), rows.length, { features, rows: { set, indices: rows } });
      checkShape(def, out, { n: rows.length, K, features, what });
      return { probs: out.probs, pred: argmaxRows(out.probs, K), ...(out.features ? { features: out.features } : {}) };
    };
    const trainSubset = shuffleInPlace(Int32Array.from(train), mulberry32(deriveSeed(splitSeed, repeat, fold, 0x7a5b)))
      .slice(0, Math.min(train.length, heldOut.length))
      .sort();
    const trainPred = await predict({ source: data.x, rows: trainSubset, set: 'pool', what: 'training-subset' });
    const heldOutPred = await predict({ source: data.x, rows: heldOut, set: 'pool', what: 'held-out' });
    const epoch = Math.max((report.epochsRun ?? 1) - 1, 0);
    for (const [what, p, rows] of [
      ['held-out', heldOutPred, heldOut],
      ['training-subset', trainPred, trainSubset],
    ] as const) {
      const bad = firstNonFiniteRow(p.probs, K);
      if (bad >= 0)
        return {
          kind: 'diverged',
          epoch,
          loss: report.lossCurve?.at(-1) ?? null,
          reason: `${what} probabilities are not finite (example ${rows[bad]}: [${Array.from(p.probs.subarray(bad * K, (bad + 1) * K)).join(', ')}])`,
        };
    }
    const probePred =
      def.representation !== null && probe.length > 0 ? await predict({ source: data.x, rows: probe, set: 'pool', features: true, what: 'probe' }) : undefined;
    const featureSize = probePred?.features ? probePred.features.length / Math.max(probe.length, 1) : 0;
    if (probePred?.features && isRawInputCopy(probePred.features, featureSize, gatherRows(data.x, rowSize, probe), rowSize)) {
      throw new Error(
        `model family '${def.family}' returned the raw input as its representation; a representation for CKA must be computed by the model (e.g. logits or a hidden layer)`,
      );
    }
    let test: Predictions | undefined;
    const all = data.test ? Int32Array.from({ length: data.test.n }, (_, i) => i) : undefined;
    if (data.test && all) test = await predict({ source: data.test.x, rows: all, set: 'test', what: 'test-split' });
    const trainScore = scorePredictions(trainPred, data.y, trainSubset, K);
    const heldOutScore = scorePredictions(heldOutPred, data.y, heldOut, K);
    const testScore = test && data.test && all ? { ...scorePredictions(test, data.test.y, all, K), n: data.test.n } : undefined;
    const epochTimes = report.epochTimesMs ?? [];
    const steady = epochTimes.length > 1 ? epochTimes.slice(1) : epochTimes;
    const result: FoldResult = {
      repeat,
      fold,
      trainSize: train.length,
      heldOutSize: heldOut.length,
      ...(report.epochsRun !== undefined ? { epochsRun: report.epochsRun } : {}),
      ...(report.lossCurve ? { lossCurve: report.lossCurve } : {}),
      train: trainScore,
      trainEvaluatedOn: trainSubset.length,
      heldOut: heldOutScore,
      ...(testScore ? { test: testScore } : {}),
      gap: trainScore.accuracy - heldOutScore.accuracy,
      lossGap: heldOutScore.loss - trainScore.loss,
      trainTimeMs,
      ...(report.epochTimesMs ? { epochTimesMs: report.epochTimesMs } : {}),
      ...(report.epochCpuMs ? { epochCpuMs: report.epochCpuMs } : {}),
      trainSamplesPerSec: steady.length
        ? (report.samplesPerEpoch ?? train.length) / (medianOf(steady)! / 1000)
        : trainTimeMs > 0
          ? train.length / (trainTimeMs / 1000)
          : null,
      ...(report.recipe ? { recipe: report.recipe } : {}),
    };
    keep = true;
    return {
      kind: 'ok',
      result,
      heldOut,
      heldOutPred,
      probe,
      ...(probePred?.features ? { probeFeatures: probePred.features } : {}),
      featureSize,
      test,
      learner,
    };
  } finally {
    if (!keep) await learner.dispose();
  }
}

/** `n` rows of `K` probabilities (and, when `features` were asked for, n × featureSize values) for the `what` rows. */
function checkShape(def: ModelDefinition, out: LearnerOutput, { n, K, features, what }: { n: number; K: number; features: boolean; what: string }): void {
  if (!(out.probs instanceof Float32Array) || out.probs.length !== n * K) {
    throw new Error(`model family '${def.family}' returned ${out.probs?.length ?? 'no'} probabilities for the ${what} rows, expected ${n} × ${K} = ${n * K}`);
  }
  if (features && out.features && (out.featureSize === undefined || out.features.length !== n * out.featureSize)) {
    throw new Error(
      `model family '${def.family}' returned ${out.features.length} representation values for ${n} ${what} rows with featureSize ${out.featureSize}`,
    );
  }
}
