/**
 * `type: random-forest` — scikit-learn's RandomForestClassifier in TypeScript (src/learners):
 * bootstrap rows, Gini splits over ≤ 255 quantile bins per feature, `maxFeatures` per node,
 * probabilities = mean of the trees' leaf class frequencies. Images are flattened to pixels.
 * Draws from the `sampling` stream (bootstrap rows, features per node).
 */
import { z } from 'zod';
import { RandomForest } from '../../learners/random-forest.js';
import type { Learner, LearnerContext, ModelDefinition } from './types.js';

const params = z
  .object({
    trees: z.number().int().min(1).max(10_000).default(100).describe('Number of trees (sklearn n_estimators)'),
    maxFeatures: z
      .union([z.enum(['sqrt', 'log2', 'all']), z.number().gt(0).max(1)])
      .default('sqrt')
      .describe("Features tried per split: 'sqrt' (sklearn's default), 'log2', 'all', or a fraction in (0, 1]"),
    maxDepth: z.number().int().min(1).nullable().default(null).describe('Depth limit; null grows until leaves are pure or minSamples stop it'),
    minSamplesLeaf: z.number().int().min(1).default(1).describe('Fewest distinct training rows in a leaf'),
    minSamplesSplit: z.number().int().min(2).default(2).describe('Fewest rows a node needs to be split'),
    bootstrap: z.boolean().default(true).describe('Grow each tree on n rows drawn with replacement (false: every tree sees all rows)'),
    maxBins: z.number().int().min(2).max(255).default(255).describe('Quantile bins per feature (split candidates)'),
  })
  .strict();

export type RandomForestParams = z.infer<typeof params>;

export const randomForest: ModelDefinition<RandomForestParams> = {
  type: 'random-forest',
  family: 'forest',
  summary: 'Random forest (sklearn RandomForestClassifier: bootstrap, Gini, maxFeatures per node; histogram split candidates)',
  params,
  accepts: ['tabular', 'image'],
  representation: 'per-tree leaf class distributions (trees × classes values; their mean is the forest probability)',
  streams: ['sampling'],
  create(p: RandomForestParams, ctx: LearnerContext): Learner {
    const d = ctx.shape.reduce((a, b) => a * b, 1);
    const forest = new RandomForest({ ...p, seed: ctx.seed('sampling') });
    return {
      async fit(train, hooks) {
        forest.fit(train.x, train.y, train.n, d, ctx.numClasses, (done, total) => hooks.onProgress?.(done, total));
        return {}; // not iterative: no curve fields
      },
      async predict(x, n, options) {
        return forest.predict(x, n, options.features);
      },
      dispose() {},
    };
  },
};
