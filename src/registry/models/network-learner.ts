/**
 * One fold's network: the architecture body, the harness's head (dense logits → softmax) and
 * cross-entropy loss, initialised from the `init` stream; dropout draws from the `dropout` stream
 * (tfjs's dropout uses Math.random, which is seeded per fold); minibatch order from `dataOrder`.
 * The representation for CKA is the body's output — unless the body has no weights between it and
 * the input (linear: a flatten), in which case it is the logits, so no representation is ever the
 * raw input.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '../../spec/random.js';
import { prepareBackbone, type PreparedBackbone } from '../recipes/backbone.js';
import { regularizationSpec, RecipeRuntime } from '../recipes/runtime.js';
import { architectures } from '../architectures/index.js';
import { optimizers } from '../optimizers/index.js';
import type { Tf } from '../types.js';
import type { NetworkParams } from './network-params.js';
import { trainNetwork, type NetworkRecipeHooks } from './network-train.js';
import type { FitData, FitHooks, FitReport, Learner, LearnerContext, LearnerOutput } from './types.js';

const EVAL_BATCH = 512;

interface Built {
  readonly model: tfjs.LayersModel;
  /** Outputs `[probabilities, representation]`. */
  readonly withFeatures: tfjs.LayersModel;
  readonly featureSize: number;
}

/** True when `t` is the input reached through layers without weights only (flatten, reshape, dropout, pooling…). */
function isRawInput(t: tfjs.SymbolicTensor): boolean {
  const layer = t.sourceLayer;
  if (layer.getClassName() === 'InputLayer') return true;
  if (layer.weights.length > 0 || t.inputs.length !== 1) return false;
  return isRawInput(t.inputs[0]);
}

export interface BuildOptions {
  /** Seed of the fold's `init` stream (the layers' initialisers draw from it). */
  readonly initSeed: number;
  /** Called after the layers exist and before compile (a backbone sets and freezes the body here). */
  readonly beforeCompile?: (model: tfjs.LayersModel) => void;
}

export function buildNetwork(tf: Tf, p: NetworkParams, ctx: Pick<LearnerContext, 'shape' | 'kind' | 'numClasses' | 'vocabSize'>, options: BuildOptions): Built {
  const { initSeed } = options;
  const arch = architectures[p.architecture.type];
  const opt = optimizers[p.optimizer.type];
  const rng = mulberry32(initSeed);
  const nextSeed = () => Math.floor(rng() * 2 ** 31);
  const shape = [...ctx.shape];
  const input = tf.input({ shape });
  const body = arch.build(tf, input, p.architecture.params, {
    inputShape: shape,
    kind: ctx.kind,
    ...(ctx.vocabSize !== undefined ? { vocabSize: ctx.vocabSize } : {}),
    nextSeed,
  });
  // The regularization recipe's dropout sits between the body and the head (the representation stays the body's output).
  const rate = regularizationSpec(p).dropout;
  const toHead = rate > 0 ? (tf.layers.dropout({ rate, name: 'recipe-dropout' }).apply(body) as tfjs.SymbolicTensor) : body;
  const logits = tf.layers
    .dense({ units: ctx.numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'logits' })
    .apply(toHead) as tfjs.SymbolicTensor;
  const probs = tf.layers.activation({ activation: 'softmax', name: 'head' }).apply(logits) as tfjs.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: probs });
  options.beforeCompile?.(model);
  model.compile({ optimizer: opt.create(tf, p.optimizer.params), loss: 'categoricalCrossentropy' });
  const representation = isRawInput(body) ? logits : body;
  const withFeatures = tf.model({ inputs: input, outputs: [probs, representation] });
  const featureSize = representation.shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
  return { model, withFeatures, featureSize };
}

export class NetworkLearner implements Learner {
  private built?: Built;
  private tf?: Tf;
  /** Recipe axes (schedule, augmentation, early stopping) add their hooks here before `fit`. */
  readonly recipes: NetworkRecipeHooks[] = [];

  constructor(
    private readonly params: NetworkParams,
    private readonly ctx: LearnerContext,
  ) {}

  async fit(train: FitData, hooks: FitHooks): Promise<FitReport> {
    const tf = (this.tf = await this.ctx.tf());
    const { epochs, batchSize, splitSeed } = this.ctx.protocol;
    // A pretrained backbone is trained (once per run, cached) before this fold's randomness is seeded.
    let backbone: PreparedBackbone | undefined;
    if (this.params.backbone && this.params.backbone.type !== 'scratch')
      backbone = await prepareBackbone(tf, this.params, this.ctx, { build: buildNetwork, train: trainNetwork });
    // Dropout (and any other unseeded tfjs randomness) draws from Math.random: seed it for this
    // fold's training, and put the process's own generator back after it (predict draws nothing).
    const unseeded = Math.random;
    Math.random = mulberry32(this.ctx.seed('dropout'));
    try {
      this.built = buildNetwork(tf, this.params, this.ctx, {
        initSeed: this.ctx.seed('init'),
        ...(backbone ? { beforeCompile: (model: tfjs.LayersModel) => backbone.apply(model) } : {}),
      });
      const runtime = new RecipeRuntime(tf, this.params, {
        shape: this.ctx.shape,
        numClasses: this.ctx.numClasses,
        epochs,
        splitSeed: splitSeed ?? 0,
        repeat: this.ctx.repeat,
        fold: this.ctx.fold,
        augmentationSeed: () => this.ctx.seed('augmentation'),
      });
      const recipeHooks: NetworkRecipeHooks = {
        prepare: (t) => runtime.prepare(t),
        beforeBatch: (info, model) => runtime.beforeBatch(model, info.epoch, info.batch, info.batches),
        transformBatch: (x, n) => runtime.transformBatch(x, n),
        transformLabels: (y) => runtime.transformLabels(y),
        afterBatch: (_info, model) => runtime.afterBatch(model),
        afterEpoch: (info, model) => runtime.afterEpoch(model, info.epoch),
        finish: (model, epochsRun) => runtime.finish(model, epochsRun),
      };
      const report = await trainNetwork(tf, this.built.model, train, {
        epochs,
        batchSize,
        shape: this.ctx.shape,
        numClasses: this.ctx.numClasses,
        dataOrderSeed: this.ctx.seed('dataOrder'),
        recipes: [recipeHooks, ...this.recipes],
        hooks,
      });
      const record = { ...runtime.record, ...(backbone ? { backbone: backbone.record } : {}) };
      return Object.keys(record).length ? { ...report, recipe: record } : report;
    } finally {
      Math.random = unseeded;
    }
  }

  async predict(x: Float32Array, n: number, options: { readonly features: boolean }): Promise<LearnerOutput> {
    const tf = this.tf!;
    const m = this.built!;
    const K = this.ctx.numClasses;
    const rowSize = this.ctx.shape.reduce((a, b) => a * b, 1);
    const probs = new Float32Array(n * K);
    const features = options.features ? new Float32Array(n * m.featureSize) : undefined;
    for (let start = 0; start < n; start += EVAL_BATCH) {
      const end = Math.min(n, start + EVAL_BATCH);
      const outputs = tf.tidy(() => {
        const xb = tf.tensor(x.subarray(start * rowSize, end * rowSize), [end - start, ...this.ctx.shape]);
        return features ? (m.withFeatures.predict(xb) as tfjs.Tensor[]) : [m.model.predict(xb) as tfjs.Tensor];
      });
      probs.set((await outputs[0].data()) as Float32Array, start * K);
      if (features) features.set((await outputs[1].data()) as Float32Array, start * m.featureSize);
      tf.dispose(outputs);
    }
    return features ? { probs, features, featureSize: m.featureSize } : { probs };
  }

  dispose(): void {
    if (!this.built) return;
    this.built.model.optimizer?.dispose();
    this.built.model.dispose();
    this.built = undefined;
  }
}
