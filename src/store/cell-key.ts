/**
 * The resume key of a cell: a content hash of the resolved cell, its dataset's content hash and the
 * divbench version. A finished result is reused only when its key still matches, so an edited
 * suite, changed data or a new version never reuses a stale result.
 */
import { createHash } from 'node:crypto';
import type { Cell } from '../spec/types.js';

/** JSON with object keys sorted, so the key does not depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function cellKey(cell: Cell, datasetHash: string, version: string): string {
  const { suiteDir: _dir, ...portable } = cell;
  return `sha256:${createHash('sha256')
    .update(canonicalJson({ cell: portable, datasetHash, version }))
    .digest('hex')}`;
}
