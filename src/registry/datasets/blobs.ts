/**
 * Isotropic Gaussian blobs (like scikit-learn's make_blobs): one centre per class, drawn
 * uniformly from [-spread, spread]^d unless given, and points N(centre, std²·I) around it.
 */
import { z } from 'zod';
import type { DatasetDefinition } from '../types.js';
import { createPrng } from './prng.js';
import { syntheticDataset } from './synthetic.js';

const params = z
  .object({
    n: z.number().int().min(2).max(10_000_000).default(600).describe('Number of examples (dealt round-robin over the classes)'),
    classes: z.number().int().min(2).max(10_000).default(3).describe('Number of classes (blobs); ignored when centers is given'),
    d: z.number().int().min(1).max(100_000).default(2).describe('Number of features; ignored when centers is given'),
    std: z.number().positive().max(1e30).default(1).describe('Standard deviation of each blob'),
    spread: z.number().positive().max(1e30).default(10).describe('Random centres are uniform in [-spread, spread] per feature'),
    centers: z
      .array(z.array(z.number().min(-1e30).max(1e30)).min(1).max(100_000))
      .min(2)
      .max(10_000)
      .optional()
      .describe('Explicit centres, one list of d coordinates per class (overrides classes and d)'),
    seed: z.number().int().nonnegative().default(0).describe('Generator seed (the data, not the model: every cell sees the same data)'),
  })
  .strict()
  .refine((p) => !p.centers || p.centers.every((c) => c.length === p.centers![0].length), {
    message: 'every centre needs the same number of coordinates',
    path: ['centers'],
  });

export type BlobsParams = z.infer<typeof params>;

export const blobs: DatasetDefinition<BlobsParams> = {
  type: 'blobs',
  kind: 'tabular',
  summary: 'Seeded Gaussian blobs, one per class (synthetic, tabular)',
  params,
  async load(p) {
    const rng = createPrng(p.seed);
    const classes = p.centers?.length ?? p.classes;
    const d = p.centers?.[0].length ?? p.d;
    const centers = p.centers ?? Array.from({ length: classes }, () => Array.from({ length: d }, () => (2 * rng.next() - 1) * p.spread));
    const x = new Float32Array(p.n * d);
    const y = new Int32Array(p.n);
    for (let i = 0; i < p.n; i++) {
      const c = i % classes;
      y[i] = c;
      for (let j = 0; j < d; j++) x[i * d + j] = centers[c][j] + p.std * rng.normal();
    }
    // The hash covers the centres drawn from the seed; the source names only the settings.
    return syntheticDataset('blobs', { ...p, centers }, { x, y, d, numClasses: classes }, p);
  },
};
