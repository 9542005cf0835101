/**
 * CIFAR-10, binary version (`cifar-10-binary.tar.gz` from https://www.cs.toronto.edu/~kriz/cifar.html,
 * extracted): data_batch_1.bin … data_batch_5.bin are the CV pool, test_batch.bin the official
 * test split, batches.meta.txt the class names. User files only: the `dataDir` param (relative to
 * the suite file; the folder itself or the one holding `cifar-10-batches-bin/`), else
 * `DIVBENCH_CIFAR10_DIR`.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetContext, DatasetDefinition, LoadedDataset } from '../types.js';
import { DatasetError } from '../../errors.js';
import { contentHash, type HashPart } from './content-hash.js';
import { CIFAR_SIDE, countCifarRecords, decodeCifarRecords } from './cifar10-binary.js';
import { isDirectory, isFile, readDatasetFile } from './file-bytes.js';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const SIZE = CIFAR_SIDE * CIFAR_SIDE * 3;

const params = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder with data_batch_1.bin … data_batch_5.bin and test_batch.bin (or its parent holding cifar-10-batches-bin/), relative to the suite file. Default: $DIVBENCH_CIFAR10_DIR',
      ),
    batches: z.array(z.number().int().min(1).max(5)).min(1).default([1, 2, 3, 4, 5]).describe('Which training batches (1–5, 10k images each) form the pool'),
    limit: z.number().int().positive().optional().describe('Use only the first n examples of the pool (the test split stays whole)'),
    useTest: z.boolean().default(true).describe('Also load test_batch.bin, the official 10k test split, which every fold model predicts'),
  })
  .strict();

export type Cifar10Params = z.infer<typeof params>;

export const cifar10: DatasetDefinition<Cifar10Params> = {
  type: 'cifar10',
  kind: 'image',
  exampleShape: [32, 32, 3],
  flipSafe: true,
  summary: 'CIFAR-10 32×32 colour images, 10 classes (your own copy of the binary version)',
  params,
  load: loadCifar10,
};

async function loadCifar10(p: Cifar10Params, ctx: DatasetContext): Promise<LoadedDataset> {
  const dir = await dataFolder(p, ctx);
  const batches = [...new Set(p.batches)];
  const batchFiles = batches.map((b) => join(dir, `data_batch_${b}.bin`));
  const testFile = join(dir, 'test_batch.bin');
  const metaFile = join(dir, 'batches.meta.txt');
  const classNames = (await isFile(metaFile)) ? await readClassNames(metaFile) : CIFAR10_CLASSES;
  const numClasses = classNames.length;

  const poolBytes = await Promise.all(batchFiles.map(readDatasetFile));
  const counts = poolBytes.map((b, i) => countCifarRecords(b, batchFiles[i], numClasses));
  const total = counts.reduce((a, b) => a + b, 0);
  const n = p.limit === undefined ? total : Math.min(p.limit, total);
  const x = new Float32Array(n * SIZE);
  const y = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < poolBytes.length && at < n; i++) {
    const take = Math.min(counts[i], n - at);
    decodeCifarRecords(poolBytes[i], 0, take, x, y, at);
    at += take;
  }
  const parts: HashPart[] = poolBytes.map((bytes, i) => ({ name: `data_batch_${batches[i]}.bin`, bytes }));

  let test: LoadedDataset['test'];
  if (p.useTest) {
    const bytes = await readDatasetFile(testFile).catch((e: unknown) => {
      throw new DatasetError(`${e instanceof DatasetError ? e.message : `${testFile}: cannot read`}; put the official test batch there or set useTest: false`, {
        cause: e,
      });
    });
    const tn = countCifarRecords(bytes, testFile, numClasses);
    const tx = new Float32Array(tn * SIZE);
    const ty = new Int32Array(tn);
    decodeCifarRecords(bytes, 0, tn, tx, ty, 0);
    test = { x: tx, y: ty, n: tn };
    parts.push({ name: 'test_batch.bin', bytes });
  }
  return {
    x,
    y,
    n,
    shape: [CIFAR_SIDE, CIFAR_SIDE, 3],
    kind: 'image',
    numClasses,
    classNames,
    test,
    hash: contentHash(parts, { limit: p.limit, classNames }),
    source: `${dir}: pool = ${n} images from ${batchFiles.length} training batch(es)${test ? `, test = ${test.n} images from test_batch.bin` : ', no test split'}`,
  };
}

async function dataFolder(p: Cifar10Params, ctx: DatasetContext): Promise<string> {
  let dir: string;
  let via: string;
  if (p.dataDir !== undefined) [dir, via] = [resolve(ctx.suiteDir, p.dataDir), 'the dataDir param'];
  else if (ctx.env.DIVBENCH_CIFAR10_DIR) [dir, via] = [resolve(ctx.env.DIVBENCH_CIFAR10_DIR), 'DIVBENCH_CIFAR10_DIR'];
  else {
    throw new DatasetError(
      'cifar10: no data folder. divbench does not ship CIFAR-10: download the binary version from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, ' +
        "extract it, and set the dataset's dataDir param (relative to the suite file) or DIVBENCH_CIFAR10_DIR",
    );
  }
  const nested = join(dir, 'cifar-10-batches-bin');
  if (await isDirectory(nested)) return nested;
  if (!(await isDirectory(dir))) throw new DatasetError(`${dir} (from ${via}): folder not found`);
  return dir;
}

async function readClassNames(file: string): Promise<string[]> {
  const names = (await readDatasetFile(file))
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (names.length < 2 || names.length > 256) {
    throw new DatasetError(`${file}: expected one class name per line (10 for CIFAR-10), found ${names.length}`);
  }
  return names;
}
