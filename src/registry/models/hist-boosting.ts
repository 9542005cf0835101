/**
 * `type: hist-boosting` — scikit-learn's HistGradientBoostingClassifier (1.2, early stopping off)
 * in TypeScript (src/learners): ≤ 255 quantile bins per feature, one leaf-wise tree per class
 * and iteration on softmax gradients (one logistic tree for two classes). Deterministic: it draws
 * no random numbers. Images are flattened to pixels. The training log-loss after each iteration
 * is its loss curve.
 */
import { z } from 'zod';
import { HistBoosting } from '../../learners/hist-boosting.js';
import type { Learner, LearnerContext, ModelDefinition } from './types.js';

const params = z
  .object({
    iterations: z.number().int().min(1).max(100_000).default(100).describe('Boosting iterations (sklearn max_iter); one tree per class each'),
    learningRate: z.number().gt(0).max(10).default(0.1).describe('Shrinkage of every leaf value'),
    maxLeaves: z.number().int().min(2).nullable().default(31).describe('Leaves per tree (sklearn max_leaf_nodes); null: only maxDepth limits'),
    maxDepth: z.number().int().min(1).nullable().default(null).describe('Depth limit per tree; null: only maxLeaves limits'),
    minSamplesLeaf: z.number().int().min(1).default(20).describe('Fewest training rows in a leaf'),
    l2: z.number().min(0).default(0).describe('L2 regularisation of leaf values (sklearn l2_regularization)'),
    maxBins: z.number().int().min(2).max(255).default(255).describe('Quantile bins per feature (split candidates)'),
  })
  .strict()
  .refine((p) => p.maxLeaves !== null || p.maxDepth !== null, {
    message: 'maxLeaves and maxDepth cannot both be null: set one of them (sklearn default: maxLeaves 31)',
    path: ['maxLeaves'],
  });

export type HistBoostingParams = z.infer<typeof params>;

export const histBoosting: ModelDefinition<HistBoostingParams> = {
  type: 'hist-boosting',
  family: 'boosting',
  summary: 'Histogram gradient boosting (sklearn HistGradientBoostingClassifier: softmax, leaf-wise trees, ≤ 255 bins)',
  params,
  accepts: ['tabular', 'image'],
  representation: 'per-tree leaf values (iterations × classes raw-score contributions; their sums per class are the logits)',
  streams: [],
  create(p: HistBoostingParams, ctx: LearnerContext): Learner {
    const d = ctx.shape.reduce((a, b) => a * b, 1);
    const model = new HistBoosting(p);
    return {
      async fit(train, hooks) {
        const times: number[] = [];
        const cpu: number[] = [];
        let last = performance.now();
        let lastCpu = process.cpuUsage();
        let diverged: { epoch: number; loss: number | null } | undefined;
        model.fit(train.x, train.y, train.n, d, ctx.numClasses, (done, total, loss) => {
          const now = performance.now();
          times.push(now - last);
          last = now;
          const c = process.cpuUsage(lastCpu);
          cpu.push((c.user + c.system) / 1000);
          lastCpu = process.cpuUsage();
          if (!Number.isFinite(loss) && !diverged) diverged = { epoch: done, loss: Number.isNaN(loss) ? null : loss };
          hooks.onProgress?.(done, total, loss);
        });
        return {
          epochsRun: model.iterationsRun,
          lossCurve: [...model.lossCurve],
          epochTimesMs: times,
          epochCpuMs: cpu,
          samplesPerEpoch: train.n,
          ...(diverged ? { diverged } : {}),
        };
      },
      async predict(x, n, options) {
        return model.predict(x, n, options.features);
      },
      dispose() {},
    };
  },
};
