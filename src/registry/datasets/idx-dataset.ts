/**
 * Loads an MNIST-style folder (the four official IDX files) into a LoadedDataset: the training
 * split is the CV pool and the t10k split, when used, the official test split. Shared by
 * `fashion-mnist` and `mnist`, which differ only in class names and where they look.
 */
import type { LoadedDataset } from '../types.js';
import { DatasetError } from '../../errors.js';
import { contentHash } from './content-hash.js';
import { findIdxSplit, loadIdxSplit, type IdxSplitFiles, type ImageSplit } from './idx-split.js';

export interface IdxFolderOptions {
  readonly classNames: readonly string[];
  readonly limit?: number;
  readonly useTest: boolean;
  /** Who pointed at the folder, for messages (e.g. "dataDir", "DIVBENCH_DATA_DIR"). */
  readonly via: string;
}

/** Both splits' files in `dir`, or a DatasetError naming the folder, who chose it and what is missing. */
export async function resolveIdxFolder(dir: string, o: { useTest: boolean; via: string }): Promise<{ train: IdxSplitFiles; test?: IdxSplitFiles }> {
  const train = await findIdxSplit(dir, 'train');
  const test = o.useTest ? await findIdxSplit(dir, 'test') : undefined;
  const missing = [...('missing' in train ? train.missing : []), ...(test && 'missing' in test ? test.missing : [])];
  if (missing.length > 0 || 'missing' in train) {
    const hint = o.useTest && !('missing' in train) ? ' (or set useTest: false to go without the official test split)' : '';
    throw new DatasetError(`${dir} (from ${o.via}): missing ${missing.join(', ')}; put the official IDX files there${hint}`);
  }
  return { train, test: test && !('missing' in test) ? test : undefined };
}

export async function loadIdxFolder(dir: string, o: IdxFolderOptions): Promise<LoadedDataset> {
  const files = await resolveIdxFolder(dir, o);
  const numClasses = o.classNames.length;
  const [pool, test] = await Promise.all([
    loadIdxSplit({ imagesFile: files.train.images, labelsFile: files.train.labels, height: 28, width: 28, numClasses, limit: o.limit }),
    files.test ? loadIdxSplit({ imagesFile: files.test.images, labelsFile: files.test.labels, height: 28, width: 28, numClasses }) : undefined,
  ]);
  const source = `${dir} (from ${o.via}): pool = ${pool.n} training images${test ? `, test = ${test.n} official test images` : ', no test split'}`;
  return imageDataset({ pool, test, classNames: o.classNames, source, settings: { limit: o.limit } });
}

/** A single split used as the whole pool (no test), e.g. the 10k test files shipped in the repo. */
export async function loadIdxPoolOnly(files: IdxSplitFiles, o: { classNames: readonly string[]; limit?: number; source: string }): Promise<LoadedDataset> {
  const pool = await loadIdxSplit({
    imagesFile: files.images,
    labelsFile: files.labels,
    height: 28,
    width: 28,
    numClasses: o.classNames.length,
    limit: o.limit,
  });
  return imageDataset({
    pool,
    test: undefined,
    classNames: o.classNames,
    source: `${o.source}: pool = ${pool.n} images, no test split`,
    settings: { limit: o.limit },
  });
}

function imageDataset({
  pool,
  test,
  classNames,
  source,
  settings,
}: {
  pool: ImageSplit;
  test: ImageSplit | undefined;
  classNames: readonly string[];
  source: string;
  settings: Record<string, unknown>;
}): LoadedDataset {
  return {
    x: pool.x,
    y: pool.y,
    n: pool.n,
    shape: [28, 28, 1],
    kind: 'image',
    numClasses: classNames.length,
    classNames: [...classNames],
    test: test && { x: test.x, y: test.y, n: test.n },
    hash: contentHash([...pool.parts, ...(test?.parts ?? [])], { ...settings, test: !!test }),
    source,
  };
}
