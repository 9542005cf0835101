/**
 * `type: naive-bayes` — scikit-learn's GaussianNB in TypeScript (src/learners): per-class feature
 * means and variances (widened by varSmoothing × the largest feature variance), class-frequency
 * priors. Deterministic. Images are flattened to pixels.
 */
import { z } from 'zod';
import { GaussianNaiveBayes } from '../../learners/naive-bayes.js';
import type { Learner, LearnerContext, ModelDefinition } from './types.js';

const params = z
  .object({
    varSmoothing: z.number().min(0).max(1).default(1e-9).describe('Share of the largest feature variance added to every variance (sklearn var_smoothing)'),
  })
  .strict();

export type NaiveBayesParams = z.infer<typeof params>;

export const naiveBayes: ModelDefinition<NaiveBayesParams> = {
  type: 'naive-bayes',
  family: 'naive-bayes',
  summary: 'Gaussian naive Bayes (sklearn GaussianNB, var_smoothing)',
  params,
  accepts: ['tabular', 'image'],
  representation: 'per-class joint log-likelihoods (log prior + Gaussian log-density; the probabilities are their softmax)',
  streams: [],
  create(p: NaiveBayesParams, ctx: LearnerContext): Learner {
    const d = ctx.shape.reduce((a, b) => a * b, 1);
    const model = new GaussianNaiveBayes(p);
    return {
      async fit(train) {
        model.fit(train.x, train.y, train.n, d, ctx.numClasses);
        return {}; // not iterative: no curve fields
      },
      async predict(x, n, options) {
        return model.predict(x, n, options.features);
      },
      dispose() {},
    };
  },
};
