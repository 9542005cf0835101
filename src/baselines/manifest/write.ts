/**
 * Writes a baseline folder from a draft (shared by run and external submissions): the prediction
 * files first, then reads them back and computes every manifest number from what was written —
 * so verify, which recomputes from the same files, agrees bit for bit — and the manifest last.
 * Same draft → byte-identical files (no clocks, stable order, stable key order).
 */
import { existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeJsonAtomic } from '../../store/atomic-write.js';
import { readDatasetFile, readModelFile, writeDatasetFile, writeModelFile, type DatasetArrays, type ModelPredictions } from './encoding.js';
import { headlineIndices, toValidated } from '../indices.js';
import { BASELINE_SCHEMA_VERSION, ENCODING, type BaselineManifest, type DatasetEntry, type HeadlineIndices, type ModelEntry } from './schema.js';
import { modelEntry, type AttestedFold, type ModelHead } from './model-entry.js';
import { datasetFile, MANIFEST_FILE, modelFile, nameProblem } from './names.js';

export interface DraftDataset {
  readonly entry: Omit<DatasetEntry, 'file'>;
  readonly arrays: DatasetArrays;
}

export interface DraftModel {
  readonly head: ModelHead;
  readonly predictions: ModelPredictions;
  readonly attested: AttestedFold[];
}

export interface BaselineDraft {
  readonly name: string;
  readonly kind: BaselineManifest['kind'];
  readonly suite: BaselineManifest['suite'];
  readonly provenance: BaselineManifest['provenance'];
  readonly datasets: DraftDataset[];
  readonly models: DraftModel[];
}

/** `<root>/<suite>/<name>`, after checking both names. */
export function baselineDir(root: string, suite: string, name: string): string {
  for (const [what, v] of [['baseline name', name], ['suite name', suite]] as const) {
    const p = nameProblem(what, v);
    if (p) throw new UsageError(p);
  }
  return join(root, suite, name);
}

export function writeBaseline(root: string, draft: BaselineDraft, options: { force?: boolean } = {}): { dir: string; manifest: BaselineManifest } {
  const dir = baselineDir(root, draft.suite.name, draft.name);
  if (existsSync(dir)) {
    if (!options.force) throw new UsageError(`${dir} already exists: baseline names are unique per suite. Pick another --name, or pass --force to replace it`);
    if (lstatSync(dir).isSymbolicLink()) throw new UsageError(`${dir} is a symbolic link; refusing to replace it`);
    rmSync(dir, { recursive: true });
  }
  mkdirSync(dir, { recursive: true });
  const datasets: DatasetEntry[] = [];
  const stored = new Map<string, { entry: DatasetEntry; arrays: DatasetArrays }>();
  for (const d of draft.datasets) {
    const rel = datasetFile(d.entry.id);
    const file = writeDatasetFile(join(dir, rel), rel, d.arrays, d.entry.numClasses, d.entry.folds);
    const entry: DatasetEntry = { ...d.entry, file };
    datasets.push(entry);
    stored.set(entry.id, { entry, arrays: readDatasetFile(join(dir, rel), entry.n, entry.repeats) });
  }
  const models: ModelEntry[] = [];
  const readBack: ModelPredictions[] = [];
  for (const m of draft.models) {
    const ds = stored.get(m.head.dataset);
    if (!ds) throw new Error(`model ${m.head.id}: unknown dataset ${m.head.dataset}`);
    const rel = modelFile(m.head.id);
    const file = writeModelFile(join(dir, rel), rel, m.predictions, ds.entry.numClasses);
    const back = readModelFile(join(dir, rel), ds.entry.n * ds.entry.repeats, ds.entry.numClasses, m.predictions.probs !== null);
    readBack.push(back);
    models.push(modelEntry(m.head, file, ds.arrays.labels, ds.arrays.folds, ds.entry.folds, back, m.attested));
  }
  const indices: Record<string, HeadlineIndices> = {};
  for (const { entry, arrays } of stored.values()) {
    const idx = models.map((m, i) => (m.dataset === entry.id ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    indices[entry.id] = headlineIndices(toValidated(idx.map((i) => models[i].id), arrays.labels, entry.numClasses, idx.map((i) => readBack[i])));
  }
  const manifest: BaselineManifest = {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    name: draft.name,
    kind: draft.kind,
    suite: draft.suite,
    encoding: { ...ENCODING },
    provenance: draft.provenance,
    datasets,
    models,
    indices,
  };
  writeJsonAtomic(join(dir, MANIFEST_FILE), manifest);
  return { dir, manifest };
}
