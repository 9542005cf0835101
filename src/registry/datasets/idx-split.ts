/**
 * One split of an MNIST-style dataset: an IDX images file (N×H×W unsigned bytes) and its IDX
 * labels file (N unsigned bytes), checked against each other and turned into float images in
 * [0, 1] and int32 class indices. The folder convention (the four official file names, with or
 * without `.gz`) lives here too.
 */
import { join } from 'node:path';
import { DatasetError } from '../../errors.js';
import type { HashPart } from './content-hash.js';
import { isDirectory, isFile } from './file-bytes.js';
import { expectDims, readIdx } from './idx.js';

export interface ImageSplit {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
  /** Decompressed file contents, for the dataset hash. */
  readonly parts: HashPart[];
}

export interface IdxSplitOptions {
  readonly imagesFile: string;
  readonly labelsFile: string;
  readonly height: number;
  readonly width: number;
  readonly numClasses: number;
  /** Keep only the first `limit` examples. */
  readonly limit?: number;
}

export async function loadIdxSplit(o: IdxSplitOptions): Promise<ImageSplit> {
  const [images, labels] = await Promise.all([readIdx(o.imagesFile), readIdx(o.labelsFile)]);
  expectDims(images, [null, o.height, o.width], o.imagesFile, 'images');
  expectDims(labels, [null], o.labelsFile, 'labels');
  const total = images.dims[0];
  if (labels.dims[0] !== total) {
    throw new DatasetError(`${o.labelsFile}: ${labels.dims[0]} labels but ${o.imagesFile} has ${total} images; the two files must come from the same split`);
  }
  const n = o.limit === undefined ? total : Math.min(o.limit, total);
  const y = new Int32Array(n);
  for (let i = 0; i < total; i++) {
    const c = labels.data[i];
    if (c >= o.numClasses) {
      throw new DatasetError(`${o.labelsFile}: label ${c} of example ${i} is out of range (expected 0..${o.numClasses - 1})`);
    }
    if (i < n) y[i] = c;
  }
  const size = o.height * o.width;
  const x = new Float32Array(n * size);
  const pixels = images.data;
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255;
  const parts: HashPart[] = [
    { name: baseName(o.imagesFile), bytes: images.bytes },
    { name: baseName(o.labelsFile), bytes: labels.bytes },
  ];
  return { x, y, n, parts };
}

export const IDX_SPLITS = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

export interface IdxSplitFiles {
  readonly images: string;
  readonly labels: string;
}

/** Finds `<base>` or `<base>.gz` in `dir` for both files of a split, or says which is missing. */
export async function findIdxSplit(dir: string, split: keyof typeof IDX_SPLITS): Promise<IdxSplitFiles | { missing: string[] }> {
  const names = IDX_SPLITS[split];
  const images = await findIdxFile(dir, names.images);
  const labels = await findIdxFile(dir, names.labels);
  if (images && labels) return { images, labels };
  const missing: string[] = [];
  if (!images) missing.push(names.images);
  if (!labels) missing.push(names.labels);
  return { missing: missing.map((m) => `${m}[.gz]`) };
}

async function findIdxFile(dir: string, base: string): Promise<string | undefined> {
  for (const name of [base, `${base}.gz`]) {
    const p = join(dir, name);
    if (await isFile(p)) return p;
    if (await isDirectory(p))
      throw new DatasetError(`${p} is a folder where the IDX file ${name} should be; put the file there (divbench data fetch writes it)`);
  }
  return undefined;
}

/** Hash part names: the file name without `.gz`, so gzip and raw copies hash alike. */
function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.endsWith('.gz') ? name.slice(0, -3) : name;
}
