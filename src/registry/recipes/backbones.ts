/**
 * Transfer learning as a suite axis (`backbones:`): a network body either starts from its seeded
 * initialisation (`scratch`), from the body of the same architecture pretrained on another dataset
 * (`pretrained`: trained once over that dataset's whole pool, cached in the run folder by a
 * content key, shared by every cell that asks for the same backbone), or from the weights of a
 * saved TensorFlow.js model (`file`: a model.json with its weight files). `freeze: true` keeps the
 * body fixed and trains only the new head; `false` fine-tunes everything.
 *
 * The cell's `backbone` factor is the backbone's id, so the attribution can ask whether cells that
 * share a pretrained backbone share their errors (Bommasani et al. 2022's homogenization).
 */
import { z } from 'zod';
import { datasets } from '../datasets/index.js';
import { componentRef } from '../models/component-ref.js';
import { optimizers } from '../optimizers/index.js';
import type { RecipeDefinition } from './types.js';

const freeze = z.boolean().default(false).describe('true: keep the pretrained body fixed and train only the head; false: fine-tune it');

const scratchParams = z.object({}).strict();
const pretrainedParams = z
  .object({
    dataset: componentRef('dataset', datasets).describe(
      "the pretraining dataset { type, params } — another dataset than the cell's, with the same example shape",
    ),
    epochs: z.number().int().min(1).max(1000).default(3).describe('pretraining epochs over the whole pool'),
    batchSize: z.number().int().min(1).max(65536).default(64),
    optimizer: componentRef('optimizer', optimizers)
      .default({ type: 'adam', id: 'adam', params: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } })
      .describe('optimizer of the pretraining (default adam 1e-3)'),
    seed: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('seed of the pretraining (initialisation and data order); the same for every cell sharing the backbone'),
    freeze,
  })
  .strict();
const fileParams = z
  .object({
    path: z
      .string()
      .min(1)
      .describe("a TensorFlow.js model.json (weights beside it), relative to the suite file; its first weights must match the body's, in order and shape"),
    freeze,
  })
  .strict();

export type PretrainedParams = z.output<typeof pretrainedParams>;
export type FileBackboneParams = z.output<typeof fileParams>;

export const backbones: Record<string, RecipeDefinition> = {
  scratch: { type: 'scratch', summary: 'Train the body from its seeded initialisation', params: scratchParams, axis: 'backbones' },
  pretrained: {
    type: 'pretrained',
    summary: 'Start from the same body pretrained on another dataset (cached per content; frozen or fine-tuned)',
    params: pretrainedParams,
    axis: 'backbones',
    check(p, ctx) {
      const pre = p as PretrainedParams;
      const def = datasets[pre.dataset.type];
      const out: string[] = [];
      if (pre.dataset.type === ctx.data.type && JSON.stringify(pre.dataset.params) === JSON.stringify(ctx.data.params ?? {})) {
        out.push(
          `the backbone is pretrained on '${ctx.data.type}' itself, which would train on its held-out folds; pretrain on another dataset or exclude the pair`,
        );
      }
      if (def && def.kind !== ctx.data.kind)
        out.push(
          `the backbone is pretrained on ${def.kind} data ('${pre.dataset.type}') but dataset '${ctx.data.type}' is ${ctx.data.kind}; pretrain on ${ctx.data.kind} data`,
        );
      else if (def?.exampleShape && ctx.data.shape && def.exampleShape.join('×') !== ctx.data.shape.join('×')) {
        out.push(
          `the backbone's input shape ${def.exampleShape.join('×')} ('${pre.dataset.type}') does not match ${ctx.data.shape.join('×')} of '${ctx.data.type}'; pretrain on a dataset with ${ctx.data.shape.join('×')} examples`,
        );
      }
      return out;
    },
  },
  file: { type: 'file', summary: 'Start from the weights of a saved TensorFlow.js model (model.json)', params: fileParams, axis: 'backbones' },
};
