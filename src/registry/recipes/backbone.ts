/**
 * A fold's backbone (the network family's `backbone` param): the weights its body starts from.
 * `pretrained`: the body of the cell's architecture trained on another dataset's whole pool, once
 * per content key and cached in the run folder (backbone-store.ts); `file`: a saved TensorFlow.js
 * model. `apply` copies the weights into a freshly built network before it is compiled (and
 * freezes the body when asked); `record` is what the fold's result.json keeps.
 */
import { resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { DatasetError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../package-info.js';
import { deriveSeed, mulberry32 } from '../../spec/random.js';
import { datasets } from '../datasets/index.js';
import type { NetworkParams } from '../models/network-params.js';
import type { FitData, FitReport, LearnerContext } from '../models/types.js';
import type { Tf } from '../types.js';
import { applyBody, backboneKey, ensureBackbone, readBody, readModelFile, type BodyWeights } from './backbone-store.js';
import type { FileBackboneParams, PretrainedParams } from './backbones.js';

export interface PreparedBackbone {
  apply(model: tfjs.LayersModel): void;
  readonly record: Readonly<Record<string, unknown>>;
}

/** The network family's builder and loop, passed in (they live in registry/models). */
export interface NetworkTools {
  build(
    tf: Tf,
    p: NetworkParams,
    ctx: Pick<LearnerContext, 'shape' | 'kind' | 'numClasses' | 'vocabSize'>,
    options: { initSeed: number },
  ): { model: tfjs.LayersModel };
  train(
    tf: Tf,
    model: tfjs.LayersModel,
    train: FitData,
    options: { epochs: number; batchSize: number; shape: readonly number[]; numClasses: number; dataOrderSeed: number },
  ): Promise<FitReport>;
}

function bodyOnly(p: NetworkParams): NetworkParams {
  return { architecture: p.architecture, optimizer: p.optimizer };
}

export async function prepareBackbone(tf: Tf, params: NetworkParams, ctx: LearnerContext, tools: NetworkTools): Promise<PreparedBackbone> {
  const spec = params.backbone!;
  const suiteDir = ctx.cell.suiteDir ?? process.cwd();
  if (spec.type === 'pretrained' && ctx.cell.cacheDir === undefined)
    throw new Error("a pretrained backbone needs the run folder's cache (LearnerContext.cell.cacheDir)");
  if (spec.type === 'file') {
    const p = spec.params as FileBackboneParams;
    const file = resolve(suiteDir, p.path);
    const weights = readModelFile(tf, file);
    return {
      apply: (model) => {
        applyBody(tf, model, weights, { freeze: p.freeze, source: file });
      },
      record: { id: spec.id, type: 'file', source: file, frozen: p.freeze, weights: weights.shapes.length },
    };
  }
  const p = spec.params as PretrainedParams;
  const key = backboneKey({
    architecture: { type: params.architecture.type, params: params.architecture.params },
    dataset: { type: p.dataset.type, params: p.dataset.params },
    optimizer: { type: p.optimizer.type, params: p.optimizer.params },
    epochs: p.epochs,
    batchSize: p.batchSize,
    seed: p.seed,
    inputShape: ctx.shape,
    kind: ctx.kind,
    backend: tf.getBackend(),
  });
  const t0 = performance.now();
  const got = await ensureBackbone(ctx.cell.cacheDir!, key, () => pretrain(tf, params, p, ctx, tools));
  const weights: BodyWeights = got.weights;
  return {
    apply: (model) => {
      applyBody(tf, model, weights, { freeze: p.freeze, source: `backbone ${key}` });
    },
    record: {
      id: spec.id,
      type: 'pretrained',
      key,
      frozen: p.freeze,
      dataset: p.dataset.id,
      datasetHash: got.info.datasetHash,
      pretrainEpochs: got.info.epochs,
      pretrainLoss: got.info.finalLoss,
      pretrainedExamples: got.info.trainedExamples,
      trainedHere: got.trainedHere,
      ...(got.trainedHere ? { pretrainMs: Math.round(performance.now() - t0) } : {}),
    },
  };
}

async function pretrain(tf: Tf, params: NetworkParams, p: PretrainedParams, ctx: LearnerContext, tools: NetworkTools) {
  const def = datasets[p.dataset.type];
  const data = await def.load(p.dataset.params, { packageRoot: PACKAGE_ROOT, suiteDir: ctx.cell.suiteDir ?? process.cwd(), env: process.env });
  if (data.kind !== ctx.kind || data.shape.join('×') !== ctx.shape.join('×')) {
    throw new DatasetError(
      `backbone '${p.dataset.id}': pretraining data are ${data.kind} ${data.shape.join('×')}, the cell's are ${ctx.kind} ${ctx.shape.join('×')}; pretrain on data of the cell's shape`,
    );
  }
  const saved = Math.random;
  const { model } = tools.build(
    tf,
    bodyOnly({ ...params, optimizer: p.optimizer }),
    {
      shape: data.shape,
      kind: data.kind,
      numClasses: data.numClasses,
      ...(data.vocabSize !== undefined ? { vocabSize: Math.max(data.vocabSize, ctx.vocabSize ?? 0) } : {}),
    },
    { initSeed: deriveSeed(p.seed, 0xbac0) },
  );
  try {
    Math.random = mulberry32(deriveSeed(p.seed, 0xd120));
    const all: FitData = { x: data.x, y: data.y, n: data.n, indices: Int32Array.from({ length: data.n }, (_, i) => i) };
    const report = await tools.train(tf, model, all, {
      epochs: p.epochs,
      batchSize: p.batchSize,
      shape: data.shape,
      numClasses: data.numClasses,
      dataOrderSeed: deriveSeed(p.seed, 0xda7a),
    });
    if (report.diverged)
      throw new DatasetError(`backbone '${p.dataset.id}': pretraining diverged at epoch ${report.diverged.epoch}; lower the backbone optimizer's learningRate`);
    const weights = await readBody(model);
    return {
      info: {
        architecture: params.architecture,
        dataset: p.dataset,
        datasetHash: data.hash,
        inputShape: data.shape,
        epochs: report.epochsRun ?? p.epochs,
        finalLoss: report.lossCurve?.at(-1) ?? null,
        trainedExamples: data.n,
      },
      weights,
    };
  } finally {
    Math.random = saved;
    model.optimizer?.dispose();
    model.dispose();
  }
}
