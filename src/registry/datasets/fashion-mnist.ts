/**
 * Fashion-MNIST (Zalando, MIT): 28×28 grey images of 10 kinds of clothing, in the IDX format.
 * Where the data comes from, first match wins:
 *   1. the `dataDir` param (relative to the suite file),
 *   2. the `DIVBENCH_DATA_DIR` environment variable,
 *   3. `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist` package),
 *   4. the official 10k test split shipped in the repo (`suites/data/fashion-mnist/`).
 * With the full data (1–3) the CV pool is the 60k training images and `test` the official 10k;
 * with the shipped files the pool is those 10k and there is no test split. 1 and 2 are explicit
 * choices, so a folder they name that lacks a file is an error, never a silent fallback.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetContext, DatasetDefinition, LoadedDataset } from '../types.js';
import { DatasetError } from '../../errors.js';
import { loadIdxFolder, loadIdxPoolOnly, resolveIdxFolder } from './idx-dataset.js';
import { findIdxSplit } from './idx-split.js';

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** Debian's dataset-fashion-mnist installs the four official .gz files here. */
export const SYSTEM_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
/** Inside the package root: the official t10k files, shipped so the default suite runs offline. */
export const SHIPPED_FASHION_MNIST_DIR = 'suites/data/fashion-mnist';

const params = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder with the four official IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), relative to the suite file. Default: $DIVBENCH_DATA_DIR, then /usr/share/datasets/fashion-mnist, then the 10k split shipped with divbench',
      ),
    variant: z
      .enum(['auto', 'full', 'shipped'])
      .default('auto')
      .describe(
        "'auto': full data when found, else the shipped 10k; 'full': the 60k+10k set or an error; 'shipped': always the 10k test split shipped with divbench (pool = those 10k, no test split)",
      ),
    limit: z.number().int().positive().optional().describe('Use only the first n examples of the pool (the test split stays whole)'),
    useTest: z.boolean().default(true).describe('With full data, also load the official 10k test split, which every fold model predicts'),
  })
  .strict()
  .refine((p) => !(p.variant === 'shipped' && p.dataDir !== undefined), {
    message: "variant 'shipped' ignores dataDir: drop one of them",
    path: ['variant'],
  });

export type FashionMnistParams = z.infer<typeof params>;

export function createFashionMnist(options: { systemDir?: string } = {}): DatasetDefinition<FashionMnistParams> {
  const systemDir = options.systemDir ?? SYSTEM_FASHION_MNIST_DIR;
  return {
    type: 'fashion-mnist',
    kind: 'image',
    exampleShape: [28, 28, 1],
    flipSafe: true,
    summary: 'Fashion-MNIST 28×28 clothing images, 10 classes (full 60k+10k when found, else the shipped 10k test split)',
    params,
    load: (p, ctx) => loadFashionMnist(p, ctx, systemDir),
    describe: (p, ctx) => describeFashionMnist(p, ctx, systemDir),
  };
}

/** What `variant` resolves to, checking only which files exist (the same order as loadFashionMnist). */
async function describeFashionMnist(p: FashionMnistParams, ctx: DatasetContext, systemDir: string): Promise<string> {
  const limit = p.limit !== undefined ? `; limit ${p.limit} (the first ${p.limit} pool images; the test split stays whole)` : '';
  const test = p.useTest ? ' + the official t10k test split, which every fold model scores' : ', no test split (useTest: false)';
  if (p.variant !== 'shipped') {
    if (p.dataDir !== undefined) return `full set at ${resolve(ctx.suiteDir, p.dataDir)} (from the dataDir param): its train split as the pool${test}${limit}`;
    const envDir = ctx.env.DIVBENCH_DATA_DIR;
    if (envDir) return `full set at ${resolve(envDir)} (from DIVBENCH_DATA_DIR): its train split as the pool${test}${limit}`;
    const system = await resolveIdxFolder(systemDir, { useTest: p.useTest, via: 'system' }).catch(() => undefined);
    if (system)
      return `full Debian set at ${systemDir}, 60k train pool${p.useTest ? ' + 10k official test' : ', no test split (useTest: false)'}${p.variant === 'auto' ? ' (variant auto found it)' : ''}${limit}`;
    if (p.variant === 'full')
      return `variant 'full' but no full set found (no dataDir, DIVBENCH_DATA_DIR unset, nothing complete in ${systemDir}): \`run\` will fail`;
  }
  return `shipped 10k test split at ${join(ctx.packageRoot, SHIPPED_FASHION_MNIST_DIR)} as the pool, no test split${p.variant === 'auto' ? ` (variant auto: no full set in ${systemDir})` : ''}${limit}`;
}

async function loadFashionMnist(p: FashionMnistParams, ctx: DatasetContext, systemDir: string): Promise<LoadedDataset> {
  const common = { classNames: FASHION_MNIST_CLASSES, limit: p.limit, useTest: p.useTest };
  if (p.variant !== 'shipped') {
    if (p.dataDir !== undefined) return loadIdxFolder(resolve(ctx.suiteDir, p.dataDir), { ...common, via: 'the dataDir param' });
    const envDir = ctx.env.DIVBENCH_DATA_DIR;
    if (envDir) return loadIdxFolder(resolve(envDir), { ...common, via: 'DIVBENCH_DATA_DIR' });
    const system = await resolveIdxFolder(systemDir, { useTest: p.useTest, via: 'system' }).catch(() => undefined);
    if (system) return loadIdxFolder(systemDir, { ...common, via: "Debian's dataset-fashion-mnist" });
    if (p.variant === 'full') {
      throw new DatasetError(
        `fashion-mnist: variant 'full' needs the 60k training files, but none were found (no dataDir param, DIVBENCH_DATA_DIR unset, nothing complete in ${systemDir}). ` +
          "Fetch them with `divbench data fetch fashion-mnist --dir <dir>` and set dataDir or DIVBENCH_DATA_DIR, or install Debian's dataset-fashion-mnist",
      );
    }
  }
  const shippedDir = join(ctx.packageRoot, SHIPPED_FASHION_MNIST_DIR);
  const shipped = await findIdxSplit(shippedDir, 'test');
  if ('missing' in shipped) {
    throw new DatasetError(
      `${shippedDir}: the Fashion-MNIST files shipped with divbench are missing (${shipped.missing.join(', ')}); reinstall divbench or set dataDir`,
    );
  }
  return loadIdxPoolOnly(shipped, { classNames: FASHION_MNIST_CLASSES, limit: p.limit, source: `${shippedDir} (shipped 10k test split)` });
}

export const fashionMnist = createFashionMnist();
