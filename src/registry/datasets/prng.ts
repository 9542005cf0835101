/**
 * Seeded pseudo-random numbers for the synthetic datasets: divbench's mulberry32 (a fixed,
 * portable algorithm, so streams never change) and Box–Muller normals.
 */
import { mulberry32 } from '../../spec/random.js';

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number;
}

export { mulberry32 };

export function createPrng(seed: number): Prng {
  const uniform = mulberry32(seed);
  let spare: number | undefined;
  return {
    next: uniform,
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = uniform(); // log(0) is -Infinity
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
