/**
 * Interleaved spiral arms, one class per arm (the classic CS231n toy problem): along arm c the
 * radius r grows evenly from 0 to 1 while the angle turns from 2πc/arms by `turns` full turns;
 * `noise` is the standard deviation of Gaussian noise on the angle (radians).
 */
import { z } from 'zod';
import type { DatasetDefinition } from '../types.js';
import { createPrng } from './prng.js';
import { classCount, syntheticDataset } from './synthetic.js';

const params = z
  .object({
    n: z.number().int().min(4).max(10_000_000).default(600).describe('Number of examples, split evenly over the arms'),
    arms: z.number().int().min(2).max(10_000).default(3).describe('Number of spiral arms, one class each'),
    turns: z.number().positive().max(1e6).default(1).describe('How many full turns each arm makes'),
    noise: z.number().nonnegative().max(1e6).default(0.2).describe('Standard deviation of the Gaussian noise on the angle, in radians'),
    seed: z.number().int().nonnegative().default(0).describe('Generator seed (the data, not the model: every cell sees the same data)'),
  })
  .strict();

export type SpiralsParams = z.infer<typeof params>;

export const spirals: DatasetDefinition<SpiralsParams> = {
  type: 'spirals',
  kind: 'tabular',
  summary: 'Seeded interleaved spiral arms, one class per arm, 2 features (synthetic, tabular)',
  params,
  async load(p) {
    const rng = createPrng(p.seed);
    const x = new Float32Array(p.n * 2);
    const y = new Int32Array(p.n);
    for (let i = 0; i < p.n; i++) {
      const c = i % p.arms;
      const m = classCount(p.n, p.arms, c);
      const r = Math.floor(i / p.arms) / Math.max(1, m - 1);
      const angle = (2 * Math.PI * c) / p.arms + 2 * Math.PI * p.turns * r + p.noise * rng.normal();
      y[i] = c;
      x[2 * i] = r * Math.cos(angle);
      x[2 * i + 1] = r * Math.sin(angle);
    }
    return syntheticDataset('spirals', p, { x, y, d: 2, numClasses: p.arms });
  },
};
