/**
 * `type: knn` — scikit-learn's KNeighborsClassifier (Euclidean, brute force) in TypeScript
 * (src/learners/knn.ts): uniform or 1/distance weights. Distances come from query blocks times the
 * training matrix; `matmul: tfjs` runs that product on the worker's TensorFlow.js backend (wasm:
 * XNNPACK, SIMD), `typescript` in a plain loop; either way the shortlisted neighbours' distances
 * are recomputed exactly in float64, so both give the same predictions. Deterministic.
 */
import { z } from 'zod';
import { KNearestNeighbors, jsGemm, type Gemm } from '../../learners/knn.js';
import type { Tf } from '../types.js';
import type { Learner, LearnerContext, ModelDefinition } from './types.js';

const params = z
  .object({
    k: z.number().int().min(1).max(10_000).default(5).describe('Neighbours (sklearn n_neighbors); more than the training rows uses them all'),
    weights: z
      .enum(['uniform', 'distance'])
      .default('uniform')
      .describe("'uniform': each neighbour counts 1; 'distance': 1/distance (exact matches alone when any)"),
    matmul: z
      .enum(['tfjs', 'typescript'])
      .default('tfjs')
      .describe("Where the query × training product runs: 'tfjs' (the cell's TensorFlow.js backend; wasm uses XNNPACK) or 'typescript' (no TensorFlow.js)"),
    blockSize: z.number().int().min(1).max(65_536).default(128).describe('Query rows per distance block (memory: blockSize × training rows floats)'),
  })
  .strict();

export type KnnParams = z.infer<typeof params>;

/**
 * The product on a TensorFlow.js backend: the training matrix is uploaded once and is the left
 * operand (training × features times features × queries); on wasm this order measured 1.4× faster
 * than queries × transposed training (XNNPACK, 10k Fashion-MNIST, blocks of 128 queries).
 */
export function tfGemm(tf: Tf): Gemm {
  return async (t, nt, d) => {
    const tT = tf.tensor2d(t, [nt, d]);
    return {
      async multiply(q, nq) {
        const out = tf.tidy(() => tf.matMul(tT, tf.transpose(tf.tensor2d(q.slice(), [nq, d]))));
        const values = (await out.data()) as Float32Array;
        out.dispose();
        return values;
      },
      dispose() {
        tT.dispose();
      },
    };
  };
}

export const knn: ModelDefinition<KnnParams> = {
  type: 'knn',
  family: 'knn',
  summary: 'k-nearest neighbours (sklearn KNeighborsClassifier, Euclidean, uniform or distance weights)',
  params,
  accepts: ['tabular', 'image'],
  representation: 'distance to the nearest training row of each class',
  streams: [],
  async create(p: KnnParams, ctx: LearnerContext): Promise<Learner> {
    const d = ctx.shape.reduce((a, b) => a * b, 1);
    const gemm = p.matmul === 'tfjs' ? tfGemm(await ctx.tf()) : jsGemm;
    const model = new KNearestNeighbors({ k: p.k, weights: p.weights, blockSize: p.blockSize }, gemm);
    return {
      async fit(train) {
        await model.fit(train.x, train.y, train.n, d, ctx.numClasses);
        return {}; // not iterative: no curve fields
      },
      async predict(x, n, options) {
        return model.predict(x, n, options.features);
      },
      dispose() {
        model.dispose();
      },
    };
  },
};
