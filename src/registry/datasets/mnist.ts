/**
 * MNIST handwritten digits, from the user's own copy of the four official IDX files (divbench
 * ships none): the `dataDir` param (relative to the suite file), else `DIVBENCH_MNIST_DIR`.
 * `divbench data fetch mnist --dir <dir>` downloads them.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetDefinition } from '../types.js';
import { DatasetError } from '../../errors.js';
import { loadIdxFolder } from './idx-dataset.js';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const params = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz], relative to the suite file. Default: $DIVBENCH_MNIST_DIR',
      ),
    limit: z.number().int().positive().optional().describe('Use only the first n examples of the pool (the test split stays whole)'),
    useTest: z.boolean().default(true).describe('Also load the official 10k test split, which every fold model predicts'),
  })
  .strict();

export type MnistParams = z.infer<typeof params>;

export const mnist: DatasetDefinition<MnistParams> = {
  type: 'mnist',
  kind: 'image',
  exampleShape: [28, 28, 1],
  flipSafe: false,
  summary: 'MNIST 28×28 handwritten digits, 10 classes (your own copy of the official IDX files)',
  params,
  async load(p, ctx) {
    const common = { classNames: CLASSES, limit: p.limit, useTest: p.useTest };
    if (p.dataDir !== undefined) return loadIdxFolder(resolve(ctx.suiteDir, p.dataDir), { ...common, via: 'the dataDir param' });
    const envDir = ctx.env.DIVBENCH_MNIST_DIR;
    if (envDir) return loadIdxFolder(resolve(envDir), { ...common, via: 'DIVBENCH_MNIST_DIR' });
    throw new DatasetError(
      'mnist: no data folder. divbench does not ship MNIST: download the four IDX files with `divbench data fetch mnist --dir <dir>`, ' +
        "then set the dataset's dataDir param (relative to the suite file) or DIVBENCH_MNIST_DIR",
    );
  },
};
