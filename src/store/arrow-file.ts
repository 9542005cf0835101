/**
 * Columnar result files (Arrow IPC "file" format, `.arrow`): pandas (`pd.read_feather`), polars
 * (`pl.read_ipc`), pyarrow and DuckDB open them directly. Columns are plain typed arrays.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';
import type { StoredFile } from './results.js';
import { writeFileAtomic } from './atomic-write.js';

// apache-arrow costs ~0.15 s of CPU to load: required on first use, so a cell's worker pays it
// when it writes its files, not at start-up (and `divbench --help` never).
let arrow: typeof Arrow | undefined;
const lib = (): typeof Arrow => (arrow ??= createRequire(import.meta.url)('apache-arrow') as typeof Arrow);

export type Column = Int32Array | Float32Array | Float64Array | Int8Array | Uint8Array;

/** Writes columns (all of one length) atomically; returns the file's path, hash and size. */
export function writeColumns(path: string, relPath: string, columns: Record<string, Column>): StoredFile {
  const table = lib().makeTable(columns as Record<string, Int32Array>);
  const bytes = lib().tableToIPC(table, 'file');
  writeFileAtomic(path, bytes);
  return { path: relPath, sha256: sha256(bytes), bytes: bytes.byteLength };
}

export function readColumns(path: string): { numRows: number; columns: Record<string, Column> } {
  const table = lib().tableFromIPC(readFileSync(path));
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    columns[field.name] = table.getChild(field.name)!.toArray() as Column;
  }
  return { numRows: table.numRows, columns };
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Column names `p0..p{k-1}` (class probabilities) or `f0..f{d-1}` (features). */
export function indexedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
