/**
 * Tabular data from a CSV file: one row per example, one label column, numeric features.
 * `standardize` is off by default on purpose: z-scoring with statistics of the whole pool lets
 * every held-out fold's rows shape the scaling the training folds see — a small but real leak in
 * cross-validation. Turn it on for convenience (the test split, when given, is scaled with the
 * pool's statistics), or leave features as they are and let the model normalise per fold.
 */
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import type { DatasetContext, DatasetDefinition, LoadedDataset } from '../types.js';
import { DatasetError, shown } from '../../errors.js';
import { contentHash, type HashPart } from './content-hash.js';
import { parseCsv } from './csv-parse.js';
import { classIndex, csvTable, type CsvTable } from './csv-table.js';
import { readDatasetFile } from './file-bytes.js';
import { applyStandardize, columnStats } from './standardize.js';

const column = z.union([z.string().min(1), z.number().int().nonnegative()]);

const params = z
  .object({
    path: z.string().min(1).describe('CSV file, relative to the suite file'),
    label: column.optional().describe('Label column: header name or 0-based index. Default: the last column'),
    ignore: z.array(column).default([]).describe('Columns to drop (ids, text): names or 0-based indices'),
    delimiter: z.string().length(1).default(',').describe('Field separator, one character (use "\\t" for TSV)'),
    header: z.boolean().default(true).describe('Whether the first row holds column names'),
    standardize: z
      .boolean()
      .default(false)
      .describe(
        'Z-score each feature with the mean and population std of the whole pool. Off by default: pool statistics include every held-out fold (a small CV leak)',
      ),
    limit: z.number().int().positive().optional().describe('Use only the first n data rows'),
    testPath: z
      .string()
      .min(1)
      .optional()
      .describe('Optional official test split: a CSV with the same columns, relative to the suite file; never part of the CV pool'),
  })
  .strict();

export type CsvParams = z.infer<typeof params>;

/** More distinct labels than this is almost surely a numeric column taken as the label. */
const MAX_CLASSES = 10_000;

export const csv: DatasetDefinition<CsvParams> = {
  type: 'csv',
  kind: 'tabular',
  summary: 'Tabular data from a CSV file (numeric features, one label column; classes are the sorted distinct labels)',
  params,
  load: loadCsv,
};

async function readTable(file: string, p: CsvParams, limit: number | undefined): Promise<{ table: CsvTable; part: HashPart }> {
  const bytes = await readDatasetFile(file);
  const table = csvTable(parseCsv(bytes.toString('utf8'), p.delimiter, file), { file, header: p.header, label: p.label, ignore: p.ignore, limit });
  return { table, part: { name: basename(file), bytes } };
}

async function loadCsv(p: CsvParams, ctx: DatasetContext): Promise<LoadedDataset> {
  const file = resolve(ctx.suiteDir, p.path);
  const { table, part } = await readTable(file, p, p.limit);
  const { y, classNames, keyOf } = classIndex(table.labels);
  if (classNames.length < 2) {
    throw new DatasetError(
      `${file}: label column '${shown(table.labelName)}' has a single value '${shown(classNames[0])}'; classification needs at least 2 classes`,
    );
  }
  if (classNames.length > MAX_CLASSES) {
    throw new DatasetError(
      `${file}: label column '${shown(table.labelName)}' has ${classNames.length} distinct values in ${table.n} rows, more than ${MAX_CLASSES} classes; is it the right label column (set label: <column>)?`,
    );
  }
  const d = table.featureNames.length;
  const parts = [part];
  let test: LoadedDataset['test'];
  if (p.testPath !== undefined) {
    const testFile = resolve(ctx.suiteDir, p.testPath);
    const t = await readTable(testFile, p, undefined);
    if (t.table.featureNames.join('\0') !== table.featureNames.join('\0') || t.table.labelName !== table.labelName) {
      throw new DatasetError(
        `${testFile}: columns differ from ${file} (features ${shown(t.table.featureNames.join(', '), 300)}; expected ${shown(table.featureNames.join(', '), 300)})`,
      );
    }
    const index = new Map(classNames.map((c, i) => [c, i]));
    const ty = Int32Array.from(t.table.labels, (l, r) => {
      const c = index.get(keyOf(l));
      if (c === undefined)
        throw new DatasetError(
          `${testFile}:${t.table.lines[r]}: label '${shown(l)}' does not occur in ${file} (classes: ${shown(classNames.join(', '), 300)})`,
        );
      return c;
    });
    test = { x: t.table.x, y: ty, n: t.table.n };
    parts.push(t.part);
  }
  if (p.standardize) {
    const stats = columnStats(table.x, table.n, d);
    applyStandardize(table.x, d, stats);
    if (test) applyStandardize(test.x, d, stats);
  }
  const { path: _path, testPath: _testPath, ...settings } = p;
  return {
    x: table.x,
    y,
    n: table.n,
    shape: [d],
    kind: 'tabular',
    numClasses: classNames.length,
    classNames,
    featureNames: table.featureNames,
    test,
    hash: contentHash(parts, settings),
    source: `${file}: ${table.n} rows, ${d} features, label '${table.labelName}'${test ? `; test = ${test.n} rows from ${p.testPath}` : ''}${p.standardize ? '; standardized with pool statistics' : ''}`,
  };
}
