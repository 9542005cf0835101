/**
 * The IDX format (LeCun's MNIST files): 2 zero bytes, a dtype byte, a dimension count, then
 * one big-endian uint32 per dimension, then the data, row-major. Only dtype 0x08 (unsigned
 * byte) is used by the image datasets, so only it is accepted. Every check names the file.
 */
import { DatasetError } from '../../errors.js';
import { readMaybeGzip } from './file-bytes.js';

export interface IdxArray {
  readonly dims: number[];
  /** Row-major data, a view into the file's bytes (no copy). */
  readonly data: Uint8Array;
}

const DTYPES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DatasetError(`${file}: not an IDX file (only ${bytes.length} bytes, shorter than the 4-byte header)`);
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in DTYPES)) {
    throw new DatasetError(`${file}: bad IDX magic number 0x${magic} (expected 0x0000 then a dtype byte, e.g. 0x00000803 for images)`);
  }
  if (bytes[2] !== 0x08) {
    throw new DatasetError(
      `${file}: IDX dtype 0x${bytes[2].toString(16).padStart(2, '0')} (${DTYPES[bytes[2]]}) is not supported; expected 0x08 (unsigned byte)`,
    );
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new DatasetError(`${file}: IDX header declares 0 dimensions`);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new DatasetError(`${file}: truncated IDX header (declares ${ndims} dimensions, needs ${headerSize} bytes, file has ${bytes.length})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const declared = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerSize;
  if (actual < declared) {
    throw new DatasetError(`${file}: truncated IDX data: header declares ${dims.join('×')} = ${declared} bytes of data, file has ${actual}; download it again`);
  }
  if (actual > declared) {
    throw new DatasetError(
      `${file}: IDX data longer than declared: header declares ${dims.join('×')} = ${declared} bytes, file has ${actual} (${actual - declared} extra)`,
    );
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/** Reads and parses an IDX file (gzip or raw). `bytes` is the decompressed file, for hashing. */
export async function readIdx(file: string): Promise<IdxArray & { bytes: Buffer }> {
  const bytes = await readMaybeGzip(file);
  return { ...parseIdx(bytes, file), bytes };
}

/** Checks an array's dims: `null` in `expected` matches any size. */
export function expectDims(arr: IdxArray, expected: ReadonlyArray<number | null>, file: string, what: string): void {
  const ok = arr.dims.length === expected.length && expected.every((d, i) => d === null || d === arr.dims[i]);
  if (!ok) {
    const want = expected.map((d) => (d === null ? 'N' : String(d))).join('×');
    throw new DatasetError(`${file}: wrong IDX dimensions for ${what}: ${arr.dims.join('×')}, expected ${want}`);
  }
}
