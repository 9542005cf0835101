/**
 * Writes a baseline folder from a draft (shared by run and external submissions): the prediction
 * files first, then reads them back and computes every manifest number from what was written —
 * so verify, which recomputes from the same files, agrees bit for bit — and the manifest last.
 * Same draft → byte-identical files (no clocks, stable order, stable key order).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError, WriteError } from '../../errors.js';
import { lockFolder } from '../../store/run-lock.js';
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
function baselineDir(root: string, suite: string, name: string): string {
  for (const [what, v] of [
    ['baseline name', name],
    ['suite name', suite],
  ] as const) {
    const p = nameProblem(what, v);
    if (p) throw new UsageError(p);
  }
  return join(root, suite, name);
}

/** Writes and installs a baseline (stage, then commit); see stageBaseline. */
export function writeBaseline(root: string, draft: BaselineDraft, options: StageOptions = {}): { dir: string; manifest: BaselineManifest } {
  const staged = stageBaseline(root, draft, options);
  try {
    return { dir: staged.commit(), manifest: staged.manifest };
  } finally {
    staged.discard();
  }
}

export interface StagedBaseline {
  /** Where the complete new baseline lies now (verify it here before committing). */
  readonly dir: string;
  readonly manifest: BaselineManifest;
  /** Installs it at `<root>/<suite>/<name>` (replacing the old one with --force); returns that path. */
  commit(): string;
  /** Removes what is left of the staging (always call it, also after commit). */
  discard(): void;
}

/** The steps of a commit, in order: the new baseline staged, the old one moved aside (--force), the new one in place. */
export type CommitStep = 'staged' | 'moved-old' | 'swapped';

export interface StageOptions {
  /** Replace a baseline of the same name. */
  readonly force?: boolean;
  /** Called at each commit step (tests kill the process there to prove every step leaves a baseline). */
  readonly onCommitStep?: (step: CommitStep) => void;
}

/**
 * Writes the whole baseline beside its final place (`<root>/.staging-…/<suite>/<name>`), under an
 * exclusive lock on `<root>/<suite>`. Committing renames it into place; with --force the old one
 * is first renamed aside and removed only after the new one is in place — a kill at any moment
 * leaves the old or the new baseline (between the two renames the old one waits under
 * `<root>/.replaced-…/` and the next divbench command that reads baselines moves it back).
 */
export function stageBaseline(root: string, draft: BaselineDraft, options: StageOptions = {}): StagedBaseline {
  const final = baselineDir(root, draft.suite.name, draft.name);
  const suiteDir = dirname(final);
  try {
    mkdirSync(suiteDir, { recursive: true });
  } catch (e) {
    throw new WriteError(suiteDir, e, 'Choose another --out');
  }
  recoverReplacedBaselines(root);
  const lock = lockFolder(suiteDir, `divbench submit --name ${draft.name}`);
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      lock.release();
    }
  };
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const stagingRoot = join(root, `.staging-${tag}`);
  try {
    checkReplaceable(final, options);
    const dir = join(stagingRoot, draft.suite.name, draft.name);
    const manifest = writeBaselineFiles(dir, draft);
    return {
      dir,
      manifest,
      commit: () => {
        checkReplaceable(final, options);
        options.onCommitStep?.('staged');
        if (!existsSync(final)) {
          renameOrFail(dir, final);
        } else {
          const aside = join(root, `.replaced-${tag}`, draft.suite.name, draft.name);
          mkdirSync(dirname(aside), { recursive: true });
          renameOrFail(final, aside);
          options.onCommitStep?.('moved-old');
          renameOrFail(dir, final);
          options.onCommitStep?.('swapped');
          rmSync(join(root, `.replaced-${tag}`), { recursive: true, force: true });
        }
        return final;
      },
      discard: () => {
        rmSync(stagingRoot, { recursive: true, force: true });
        release();
      },
    };
  } catch (e) {
    rmSync(stagingRoot, { recursive: true, force: true });
    release();
    throw e;
  }
}

function checkReplaceable(dir: string, { force }: StageOptions): void {
  if (!existsSync(dir)) return;
  if (!force) throw new UsageError(`${dir} already exists: baseline names are unique per suite. Pick another --name, or pass --force to replace it`);
  if (lstatSync(dir).isSymbolicLink()) throw new UsageError(`${dir} is a symbolic link; refusing to replace it`);
}

function renameOrFail(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    throw new WriteError(to, e);
  }
}

/**
 * Puts back a baseline a killed `submit --force` had moved aside (`<root>/.replaced-<tag>/…`)
 * when its place is still empty, and removes leftovers of finished or killed submissions.
 */
export function recoverReplacedBaselines(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = /^\.(replaced|staging)-(\d+)-[0-9a-f]{8}$/.exec(e);
    if (!m || isAlive(Number(m[2]))) continue;
    const top = join(root, e);
    if (m[1] === 'replaced') {
      try {
        for (const suite of readdirSync(top)) {
          for (const name of readdirSync(join(top, suite))) {
            const target = join(root, suite, name);
            if (!existsSync(target)) renameSync(join(top, suite, name), target);
          }
        }
      } catch {
        continue;
      } // leave it for a person to look at
    }
    rmSync(top, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeBaselineFiles(dir: string, draft: BaselineDraft): BaselineManifest {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new WriteError(dir, e);
  }
  const datasets: DatasetEntry[] = [];
  const stored = new Map<string, { entry: DatasetEntry; arrays: DatasetArrays }>();
  for (const d of draft.datasets) {
    const rel = datasetFile(d.entry.id);
    const file = writeDatasetFile(join(dir, rel), rel, d.arrays, { numClasses: d.entry.numClasses, k: d.entry.folds });
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
    const back = readModelFile(join(dir, rel), {
      rows: ds.entry.n * ds.entry.repeats,
      numClasses: ds.entry.numClasses,
      hasProbabilities: m.predictions.probs !== null,
    });
    readBack.push(back);
    models.push(modelEntry(m.head, file, { labels: ds.arrays.labels, folds: ds.arrays.folds, k: ds.entry.folds, predictions: back, attested: m.attested }));
  }
  const indices: Record<string, HeadlineIndices> = {};
  for (const { entry, arrays } of stored.values()) {
    const idx = models.map((m, i) => (m.dataset === entry.id ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    indices[entry.id] = headlineIndices(
      toValidated({ ids: idx.map((i) => models[i].id), labels: arrays.labels, numClasses: entry.numClasses, models: idx.map((i) => readBack[i]) }),
    );
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
  return manifest;
}
