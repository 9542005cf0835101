/**
 * Image (and feature) augmentation, applied per training batch in the worker and never to
 * held-out, validation or test rows. Draws come from the cell's `augmentation` random stream in
 * batch order, so a cell is reproducible and two recipes never share draws by accident.
 *
 * - crop: pad by `padding` pixels (zeros) and crop back at a random offset — a random shift of up
 *   to ±padding in each direction;
 * - flip: mirror left-right with probability 1/2 (only on datasets that declare a flip keeps the
 *   class: not digits);
 * - noise: add N(0, std²) to every value (images and tabular rows);
 * - cutout: zero one random size×size square whose centre is anywhere in the image (DeVries &
 *   Taylor 2017; the square may be clipped at the border).
 */
import { z } from 'zod';
import type { Rng } from '../../spec/random.js';
import type { DataFacts, RecipeDefinition } from './types.js';

const padding = z.number().int().min(1).max(64).describe('pixels of zero padding; the shift is up to ±padding');
const std = z.number().gt(0).max(5).describe('standard deviation of the added Gaussian noise (images are in [0, 1])');
const size = z.number().int().min(1).max(512).describe('side of the zeroed square, in pixels');

const noneParams = z.object({}).strict();
const cropParams = z.object({ padding: padding.default(2) }).strict();
const flipParams = z.object({}).strict();
const noiseParams = z.object({ std: std.default(0.05) }).strict();
const cutoutParams = z.object({ size: size.default(8) }).strict();
const combinedParams = z
  .object({
    crop: padding.optional(),
    flip: z.boolean().default(false),
    noise: std.optional(),
    cutout: size.optional(),
  })
  .strict();

export interface AugmentationSpec {
  readonly crop?: number;
  readonly flip: boolean;
  readonly noise?: number;
  readonly cutout?: number;
}

export const NO_AUGMENTATION: AugmentationSpec = { flip: false };

export function augmentationOf(type: string, params: Record<string, unknown>): AugmentationSpec {
  switch (type) {
    case 'none':
      return NO_AUGMENTATION;
    case 'crop':
      return { flip: false, crop: params.padding as number };
    case 'flip':
      return { flip: true };
    case 'noise':
      return { flip: false, noise: params.std as number };
    case 'cutout':
      return { flip: false, cutout: params.size as number };
    case 'combined':
      return params as unknown as AugmentationSpec;
    default:
      throw new Error(`unknown augmentation '${type}'`);
  }
}

export function isIdentity(a: AugmentationSpec): boolean {
  return !a.flip && a.crop === undefined && a.noise === undefined && a.cutout === undefined;
}

/** Why this augmentation does not fit the data (empty when it does). */
export function augmentationProblems(a: AugmentationSpec, data: DataFacts): string[] {
  const out: string[] = [];
  const spatial = [a.crop !== undefined && 'crop', a.flip && 'flip', a.cutout !== undefined && 'cutout'].filter(Boolean) as string[];
  if (data.kind !== 'image') {
    for (const op of spatial)
      out.push(`${op} needs images but dataset '${data.type}' is ${data.kind}; use noise (tabular) or no augmentation for it, or exclude the pair`);
    if (data.kind === 'sequence' && a.noise !== undefined)
      out.push(`noise on token ids of '${data.type}' would make them non-integers; drop noise for sequence data or exclude the pair`);
    return out;
  }
  if (a.flip && data.flipSafe !== true) {
    out.push(
      data.flipSafe === false
        ? `a horizontal flip changes the class of some examples of '${data.type}' (mirrored digits are other or no digits); drop flip for it or exclude the pair`
        : `it is not known whether a horizontal flip keeps the classes of '${data.type}'; flip is allowed only on datasets that declare it safe (fashion-mnist, cifar10)`,
    );
  }
  const side = data.shape ? Math.min(data.shape[0], data.shape[1]) : undefined;
  if (side !== undefined && a.crop !== undefined && a.crop >= side)
    out.push(`crop padding ${a.crop} is not smaller than the ${data.shape![0]}×${data.shape![1]} image of '${data.type}'; use a padding below ${side}`);
  if (side !== undefined && a.cutout !== undefined && a.cutout > side)
    out.push(`cutout size ${a.cutout} is larger than the ${data.shape![0]}×${data.shape![1]} image of '${data.type}'; use a size of at most ${side}`);
  return out;
}

/** A standard normal from a uniform stream (Box–Muller, one value per call). */
function gaussian(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Augments `n` rows of `x` (each of `shape`: `[h, w, c]` images or `[d]` rows) in place. The draws
 * per image are made in a fixed order (shift, flip, cutout, noise) whether or not they change it.
 */
export function augmentBatch({ x, n, shape }: { x: Float32Array; n: number; shape: readonly number[] }, a: AugmentationSpec, rng: Rng): void {
  if (isIdentity(a)) return;
  const row = shape.reduce((p, d) => p * d, 1);
  const image = shape.length === 3;
  const [h, w, c] = image ? shape : [1, row, 1];
  const tmp = new Float32Array(row);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1)); // [lo, hi]
  for (let i = 0; i < n; i++) {
    const img = x.subarray(i * row, (i + 1) * row);
    if (image && a.crop !== undefined) {
      const dy = int(-a.crop, a.crop);
      const dx = int(-a.crop, a.crop);
      tmp.fill(0);
      for (let r = 0; r < h; r++) {
        const sr = r + dy;
        if (sr < 0 || sr >= h) continue;
        const c0 = Math.max(0, -dx);
        const c1 = Math.min(w, w - dx);
        if (c1 > c0) tmp.set(img.subarray((sr * w + c0 + dx) * c, (sr * w + c1 + dx) * c), (r * w + c0) * c);
      }
      img.set(tmp);
    }
    if (image && a.flip && rng() < 0.5) {
      for (let r = 0; r < h; r++) {
        for (let q = 0; q < w >> 1; q++) {
          const left = (r * w + q) * c;
          const right = (r * w + (w - 1 - q)) * c;
          for (let k = 0; k < c; k++) {
            const t = img[left + k];
            img[left + k] = img[right + k];
            img[right + k] = t;
          }
        }
      }
    }
    if (image && a.cutout !== undefined) {
      const cy = int(0, h - 1);
      const cx = int(0, w - 1);
      const half = Math.floor(a.cutout / 2);
      const r0 = Math.max(0, cy - half),
        r1 = Math.min(h, cy - half + a.cutout);
      const q0 = Math.max(0, cx - half),
        q1 = Math.min(w, cx - half + a.cutout);
      for (let r = r0; r < r1; r++) img.fill(0, (r * w + q0) * c, (r * w + q1) * c);
    }
    if (a.noise !== undefined) for (let j = 0; j < row; j++) img[j] += a.noise * gaussian(rng);
  }
}

function def<P>(type: string, summary: string, params: z.ZodType<P>): RecipeDefinition<P> {
  return {
    type,
    summary,
    params,
    axis: 'augmentation',
    check: (p, ctx) => augmentationProblems(augmentationOf(type, p as Record<string, unknown>), ctx.data),
  };
}

export const augmentations: Record<string, RecipeDefinition> = {
  none: def('none', 'No augmentation', noneParams),
  crop: def('crop', 'Random shift by up to ±padding pixels (zero padding + random crop; images)', cropParams),
  flip: def('flip', 'Horizontal flip with probability 1/2 (images whose classes a flip keeps)', flipParams),
  noise: def('noise', 'Additive Gaussian noise N(0, std²) (images and tabular rows)', noiseParams),
  cutout: def('cutout', 'Zero one random size×size square (images)', cutoutParams),
  combined: def('combined', 'Any of crop, flip, noise and cutout together', combinedParams),
};
