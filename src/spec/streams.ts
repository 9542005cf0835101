/**
 * Independent random streams per cell (issue 11). Every random choice a learner makes draws from a
 * named stream — `init` (initial weights), `dataOrder` (minibatch order), `dropout`,
 * `augmentation`, `sampling` (bootstrap rows, feature subsets). A stream's seed is a hash of its
 * derivation key `<stream>/s<seed>/<recipe>`, where the recipe is every factor of the cell except
 * the seed (family, architecture, optimizer, model, recipe axes), so no two recipes share a stream
 * unless the suite lists it in `protocol.sharedRandomness`; then the key is `<stream>/s<seed>/shared`
 * and every recipe with that seed draws the same numbers (common random numbers).
 */
import { RANDOM_STREAMS, type RandomStream } from '../registry/models/streams.js';
import { deriveSeed } from './random.js';

export { RANDOM_STREAMS, type RandomStream };

export const STREAM_FACTOR_PREFIX = 'stream:';

/** The recipe of a cell: its factors except `seed` and `stream:*`, as `key=value` joined by `,`, keys sorted. */
export function recipeKey(factors: Readonly<Record<string, string>>): string {
  return Object.keys(factors)
    .filter((k) => k !== 'seed' && !k.startsWith(STREAM_FACTOR_PREFIX))
    .sort()
    .map((k) => `${k}=${factors[k]}`)
    .join(',');
}

/** FNV-1a over the UTF-8 bytes of `key`, then mixed: the 32-bit seed of a stream. */
export function streamSeed(key: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return deriveSeed(h, 0x57e4a);
}

export interface StreamDerivation {
  readonly key: string;
  readonly shared: boolean;
  readonly seed: number;
}

export function deriveStreams(
  seed: number,
  factors: Readonly<Record<string, string>>,
  streams: readonly RandomStream[],
  shared: readonly RandomStream[],
): Record<string, StreamDerivation> {
  const recipe = recipeKey(factors);
  const out: Record<string, StreamDerivation> = {};
  for (const name of streams) {
    const isShared = shared.includes(name);
    const key = `${name}/s${seed}/${isShared ? 'shared' : recipe}`;
    out[name] = { key, shared: isShared, seed: streamSeed(key) };
  }
  return out;
}

/** The seed of a stream for one repeat and fold (each fold's learner draws its own numbers). */
export function foldStreamSeed(streamSeedValue: number, repeat: number, fold: number): number {
  return deriveSeed(streamSeedValue, repeat, fold, 0xf01d);
}
