import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/analysis/bootstrap.js';

export function close(actual: number | null | undefined, expected: number, tol = 1e-9, msg = ''): void {
  assert.ok(actual !== null && actual !== undefined, `${msg} expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${msg} expected ${expected}, got ${actual} (tol ${tol})`);
}

/** Correlated random predictions: M models, N examples, K classes. */
export function randomPredictions(M: number, N: number, K: number, seed = 1) {
  const rng = mulberry32(seed);
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
  const difficulty = Float64Array.from({ length: N }, () => rng() * 2 - 0.5);
  const preds = Array.from({ length: M }, (_, m) => {
    const skill = 0.3 + 0.1 * m;
    return Int32Array.from(labels, (y, x) => (rng() < difficulty[x] - skill + 0.3 ? (y + 1 + Math.floor(rng() * (K - 1))) % K : y));
  });
  return { labels, preds };
}

/** Correctness codes (0/1) of each model. */
export function codesOf(labels: ArrayLike<number>, preds: readonly ArrayLike<number>[]): Uint8Array[] {
  return preds.map((p) => Uint8Array.from({ length: labels.length }, (_, x) => (p[x] === labels[x] ? 1 : 0)));
}

/** Deep check that a value is JSON-safe: no NaN, no ±Infinity, no typed arrays. */
export function assertJsonSafe(v: unknown, path = '$'): void {
  if (typeof v === 'number') assert.ok(Number.isFinite(v), `${path} is ${v}`);
  else if (ArrayBuffer.isView(v)) assert.fail(`${path} is a typed array`);
  else if (Array.isArray(v)) v.forEach((x, i) => assertJsonSafe(x, `${path}[${i}]`));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) assertJsonSafe(x, `${path}.${k}`);
}
