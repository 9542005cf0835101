/**
 * `type: tabular` — the small real tabular datasets shipped with divbench under
 * `suites/data/tabular/` (copied from the scikit-learn 1.2 bundle by
 * scripts/export-tabular-data.py; sources, creators and citations in each `<name>.rst` and in
 * that folder's README): iris (150 × 4, 3 classes), wine (178 × 13, 3), breast-cancer
 * (569 × 30, 2), digits (UCI optical digits, 1797 × 8·8 pixels 0–16, 10). Loaded as CSVs (label
 * column `class`, classes = sorted class names), hashed over the file's bytes, so every machine
 * gets the same data hash offline.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { DatasetDefinition, LoadedDataset } from '../types.js';
import { csv } from './csv.js';

export const TABULAR_DATASETS = ['iris', 'wine', 'breast-cancer', 'digits'] as const;
export const SHIPPED_TABULAR_DIR = 'suites/data/tabular';

const params = z
  .object({
    name: z.enum(TABULAR_DATASETS).describe('Which shipped dataset: iris, wine, breast-cancer or digits'),
    standardize: z.boolean().default(false).describe('Z-score each feature with the pool mean and std (a small CV leak; see the csv type)'),
    limit: z.number().int().positive().optional().describe('Use only the first n rows'),
  })
  .strict();

export type TabularParams = z.infer<typeof params>;

export const tabular: DatasetDefinition<TabularParams> = {
  type: 'tabular',
  kind: 'tabular',
  summary: 'Real tabular datasets shipped with divbench: iris, wine, breast-cancer, digits (UCI, via scikit-learn)',
  params,
  async load(p, ctx): Promise<LoadedDataset> {
    const file = join(ctx.packageRoot, SHIPPED_TABULAR_DIR, `${p.name}.csv`);
    const loaded = await csv.load(csv.params.parse({ path: file, label: 'class', standardize: p.standardize, limit: p.limit }), ctx);
    return { ...loaded, source: `shipped tabular dataset '${p.name}' (${loaded.source})` };
  },
};
