/**
 * Two interleaving half circles (like scikit-learn's make_moons): class 0 on the upper arc
 * (cos t, sin t), class 1 on the lower one (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π],
 * plus Gaussian noise on both coordinates.
 */
import { z } from 'zod';
import type { DatasetDefinition } from '../types.js';
import { createPrng } from './prng.js';
import { classCount, syntheticDataset } from './synthetic.js';

const params = z
  .object({
    n: z.number().int().min(4).max(10_000_000).default(500).describe('Number of examples, split evenly over the two moons'),
    noise: z.number().nonnegative().max(1e30).default(0.1).describe('Standard deviation of the Gaussian noise added to each coordinate'),
    seed: z.number().int().nonnegative().default(0).describe('Generator seed (the data, not the model: every cell sees the same data)'),
  })
  .strict();

export type MoonsParams = z.infer<typeof params>;

export const moons: DatasetDefinition<MoonsParams> = {
  type: 'moons',
  kind: 'tabular',
  summary: 'Seeded two interleaving half moons, 2 classes, 2 features (synthetic, tabular)',
  params,
  async load(p) {
    const rng = createPrng(p.seed);
    const x = new Float32Array(p.n * 2);
    const y = new Int32Array(p.n);
    const perClass = [classCount(p.n, 2, 0), classCount(p.n, 2, 1)];
    for (let i = 0; i < p.n; i++) {
      const c = i % 2;
      const k = Math.floor(i / 2);
      const t = (Math.PI * k) / Math.max(1, perClass[c] - 1);
      const [px, py] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      y[i] = c;
      x[2 * i] = px + p.noise * rng.normal();
      x[2 * i + 1] = py + p.noise * rng.normal();
    }
    return syntheticDataset('moons', p, { x, y, d: 2, numClasses: 2 });
  },
};
