/** Fixture writers for dataset tests: tiny IDX and CIFAR files in a per-test temp folder. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DatasetContext } from '../../../src/registry/types.js';

export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-datasets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function idxBytes(dims: number[], data: ArrayLike<number>, dtype = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = dtype;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Uint8Array.from(data))]);
}

export function write(file: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** `n` 28×28 images whose pixel p of image i is (i + p) mod 256, labels i mod `classes` (+ `labelOffset`). */
export function imageSet(n: number, o: { classes?: number; labelOffset?: number } = {}): { images: Buffer; labels: Buffer } {
  const px = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) for (let p = 0; p < 784; p++) px[i * 784 + p] = (i + p) % 256;
  const labels = Array.from({ length: n }, (_, i) => (i % (o.classes ?? 10)) + (o.labelOffset ?? 0));
  return { images: idxBytes([n, 28, 28], px), labels: idxBytes([n], labels) };
}

/** Writes an MNIST-style split (`train` or `t10k`) of `n` examples into `dir`. */
export function writeSplit(dir: string, split: 'train' | 't10k', n: number, o: { gzip?: boolean } = {}): void {
  const { images, labels } = imageSet(n);
  const ext = o.gzip === false ? '' : '.gz';
  const enc = (b: Buffer) => (o.gzip === false ? b : gzipSync(b));
  write(join(dir, `${split}-images-idx3-ubyte${ext}`), enc(images));
  write(join(dir, `${split}-labels-idx1-ubyte${ext}`), enc(labels));
}

export function ctx(o: Partial<DatasetContext> = {}): DatasetContext {
  return { packageRoot: o.packageRoot ?? '/nonexistent', suiteDir: o.suiteDir ?? '/nonexistent', env: o.env ?? {} };
}

/** A CIFAR-10 binary batch: record r has label labels[r]; channel c of pixel p is (r + p + 85c) mod 256. */
export function cifarBatch(labels: number[]): Buffer {
  const out = Buffer.alloc(labels.length * 3073);
  labels.forEach((label, r) => {
    out[r * 3073] = label;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[r * 3073 + 1 + c * 1024 + p] = (r + p + 85 * c) % 256;
  });
  return out;
}
