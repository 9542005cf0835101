/**
 * The CIFAR-10 binary format: a batch file is a run of 3073-byte records, one label byte (0–9)
 * then 3072 pixel bytes, channel-planar (1024 red, 1024 green, 1024 blue, each 32×32 row-major).
 * We convert to interleaved HWC floats in [0, 1], the layout tfjs convolutions expect.
 */
import { DatasetError } from '../../errors.js';

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR_RECORD_BYTES = 1 + 3 * PLANE;

/** Checks a batch file's bytes and returns its record count. */
export function countCifarRecords(bytes: Uint8Array, file: string, numClasses: number): number {
  if (bytes.length === 0) throw new DatasetError(`${file}: empty CIFAR-10 batch file`);
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
    throw new DatasetError(
      `${file}: ${bytes.length} bytes is not a whole number of ${CIFAR_RECORD_BYTES}-byte CIFAR-10 records ` +
        `(${whole} records and ${bytes.length - whole * CIFAR_RECORD_BYTES} bytes over): truncated or not the binary version; download it again`,
    );
  }
  const n = bytes.length / CIFAR_RECORD_BYTES;
  for (let i = 0; i < n; i++) {
    const label = bytes[i * CIFAR_RECORD_BYTES];
    if (label >= numClasses) {
      throw new DatasetError(
        `${file}: label ${label} of record ${i} is out of range (expected 0..${numClasses - 1}); is this the CIFAR-10 (not CIFAR-100) binary version?`,
      );
    }
  }
  return n;
}

/** Decodes `count` records starting at `from` into `x`/`y` at example offset `at`. */
export function decodeCifarRecords(bytes: Uint8Array, from: number, count: number, x: Float32Array, y: Int32Array, at: number): void {
  for (let r = 0; r < count; r++) {
    const rec = (from + r) * CIFAR_RECORD_BYTES;
    y[at + r] = bytes[rec];
    const out = (at + r) * 3 * PLANE;
    const red = rec + 1;
    for (let p = 0; p < PLANE; p++) {
      const o = out + 3 * p;
      x[o] = bytes[red + p] / 255;
      x[o + 1] = bytes[red + PLANE + p] / 255;
      x[o + 2] = bytes[red + 2 * PLANE + p] / 255;
    }
  }
}
