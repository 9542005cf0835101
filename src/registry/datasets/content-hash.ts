/**
 * Dataset content hashes: `sha256:<hex>` over named parts. Each part contributes its name, its
 * byte length and its bytes, so two datasets hash alike only when every part matches. Names are
 * file *base* names (never paths), so the same files in another folder hash the same; IDX files
 * are hashed after decompression, so a re-gzipped copy (Debian's, say) hashes like the original.
 */
import { createHash } from 'node:crypto';

export interface HashPart {
  readonly name: string;
  readonly bytes: Uint8Array | string;
}

export function contentHash(parts: readonly HashPart[], settings?: Record<string, unknown>): string {
  const h = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part.bytes === 'string' ? Buffer.from(part.bytes, 'utf8') : part.bytes;
    h.update(`${part.name}\0${bytes.byteLength}\0`);
    h.update(bytes);
  }
  if (settings) h.update(`settings\0${stableJson(settings)}`);
  return `sha256:${h.digest('hex')}`;
}

/** Bytes of a typed array as a view (no copy), for hashing generated data. */
export function bytesOf(a: Float32Array | Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** JSON with sorted keys and `undefined` dropped, so equal settings hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
