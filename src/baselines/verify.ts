/**
 * `divbench verify <baseline-dir>`: trusts nothing in the manifest that can be recomputed. After
 * the schema and folder checks it reloads each dataset (hash), recomputes the folds from the
 * dataset's labels (fold hash), recomputes every held-out metric and gap from the stored
 * predictions, and every headline index; each disagreement is one line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineError, BaselineFileError } from '../errors.js';
import { canonicalJson } from '../store/cell-key.js';
import { loadSuite } from '../spec/load-suite.js';
import { expectedFolds, foldHashes, loadDatasetTruth, suiteFileFromManifest } from './dataset-check.js';
import { firstPredNotArgmax, readDatasetFile, readModelFile, type DatasetArrays, type ModelPredictions } from './manifest/encoding.js';
import { close } from '../analysis/fold-metrics.js';
import { headlineIndices, indicesProblems, toValidated } from './indices.js';
import type { BaselineManifest, DatasetEntry } from './manifest/schema.js';
import { modelEntry } from './manifest/model-entry.js';
import { folderProblems } from './manifest/folder-check.js';
import { readManifest } from './manifest/read.js';

export interface BaselineData {
  readonly dir: string;
  readonly manifest: BaselineManifest;
  readonly datasets: Map<string, DatasetArrays>;
  readonly models: Map<string, ModelPredictions>;
}

export interface VerifyOptions {
  /** Suite file to check against (default: the manifest's suite.file under the package root). */
  readonly suiteFile?: string;
  /** Reload datasets to check hashes and recompute folds from their labels (default true). */
  readonly checkDatasets?: boolean;
}

const msg = (e: unknown) => (e instanceof BaselineFileError ? e.problem : e instanceof Error ? e.message : String(e));

/**
 * The stored true-class probability (which the held-out loss is recomputed from) must be a
 * probability and agree with the quantised probabilities of the true class within one
 * quantisation step — else the loss could be forged independently of the probabilities.
 */
function ptrueProblem(m: ModelPredictions, labels: Int32Array, K: number): string | null {
  if (!m.ptrue || !m.probs) return null;
  const step = 1 / (K > 255 ? 65535 : 255) + 1e-6;
  const n = labels.length;
  for (let r = 0; r < m.ptrue.length; r++) {
    const v = m.ptrue[r];
    if (!(v >= 0 && v <= 1)) return `row ${r}: stored true-class probability ${v} is not in [0, 1]`;
    const q = m.probs[r * K + labels[r % n]];
    if (Math.abs(v - q) > step)
      return `row ${r}: stored true-class probability ${v} disagrees with the quantised probabilities (${q.toFixed(4)}): forged or damaged`;
  }
  return null;
}

/** `loadData`: also load the suite's dataset and check the stored labels, hash and folds against it. */
async function datasetProblems(
  d: DatasetEntry,
  stored: DatasetArrays,
  { suiteFile, loadData: load }: { suiteFile: string; loadData: boolean },
): Promise<string[]> {
  const out: string[] = [];
  const who = `dataset '${d.id}'`;
  const badLabel = stored.labels.findIndex((y) => !(y >= 0 && y < d.numClasses));
  if (badLabel >= 0) return [...out, `${who}: stored label ${stored.labels[badLabel]} of example ${badLabel} is outside 0..${d.numClasses - 1}`];
  for (const [r, f] of stored.folds.entries()) {
    const bad = f.findIndex((v) => !(v >= 0 && v < d.folds));
    if (bad >= 0) return [...out, `${who}: stored fold id ${f[bad]} of example ${bad} (repeat ${r}) is outside 0..${d.folds - 1}`];
  }
  if (d.foldHashes.length !== d.repeats) out.push(`${who}: ${d.foldHashes.length} fold hashes for ${d.repeats} repeat(s)`);
  foldHashes(stored.folds).forEach((h, r) => {
    if (h !== d.foldHashes[r]) out.push(`${who}: the stored fold ids of repeat ${r} hash to ${h}, the manifest says ${d.foldHashes[r]}`);
  });
  if (!load) return out;
  // Only the suite file's own dataset spec is loaded (never paths the manifest alone names);
  // when it differs, suiteProblems has said so.
  const spec = suiteSpec(suiteFile, d.id);
  if (!spec || spec.type !== d.type || canonicalJson(spec.params) !== canonicalJson(d.params)) return out;
  let truth;
  try {
    truth = await loadDatasetTruth(spec.type, spec.params ?? {}, suiteFile);
  } catch (e) {
    return [...out, `${who}: cannot load it to check its hash (${msg(e)})`];
  }
  if (truth.hash !== d.hash) out.push(`${who}: dataset hash in the manifest is ${d.hash}, the dataset loads as ${truth.hash} (different data)`);
  const bad = truth.labels.findIndex((y, i) => y !== stored.labels[i]);
  if (truth.labels.length !== d.n || bad >= 0) out.push(`${who}: stored labels differ from the dataset's${bad >= 0 ? ` (first at example ${bad})` : ''}`);
  foldHashes(expectedFolds(truth.labels, d)).forEach((h, r) => {
    if (h !== d.foldHashes[r])
      out.push(
        `${who}: fold hash of repeat ${r} in the manifest (${d.foldHashes[r]}) does not match the suite's fold assignment recomputed from the dataset's labels (${h}; k=${d.folds}, splitSeed=${d.splitSeed}, ${d.stratified ? 'stratified' : 'unstratified'})`,
      );
  });
  return out;
}

function suiteSpec(suiteFile: string, id: string): { type: string; params?: Record<string, unknown> } | undefined {
  try {
    return loadSuite(suiteFile).datasets.find((x) => x.id === id);
  } catch {
    return undefined;
  }
}

function suiteProblems(m: BaselineManifest, suiteFile: string): string[] {
  if (!existsSync(suiteFile)) return [`suite file ${m.suite.file} not found: pass --suite <file>`];
  let suite;
  try {
    suite = loadSuite(suiteFile);
  } catch (e) {
    return [`suite file ${m.suite.file} does not load: ${msg(e)}`];
  }
  const out: string[] = [];
  if (suite.name !== m.suite.name) out.push(`suite file ${m.suite.file} is suite '${suite.name}', the baseline is of '${m.suite.name}'`);
  for (const d of m.datasets) {
    const s = suite.datasets.find((x) => x.id === d.id);
    if (!s) out.push(`dataset '${d.id}' is not in suite file ${m.suite.file}`);
    else if (s.type !== d.type || canonicalJson(s.params) !== canonicalJson(d.params))
      out.push(`dataset '${d.id}': the suite file now says ${s.type} ${canonicalJson(s.params)}, the baseline used ${d.type} ${canonicalJson(d.params)}`);
    const p = suite.protocol;
    if (p.folds !== d.folds || p.stratified !== d.stratified || p.splitSeed !== d.splitSeed || d.repeats > p.repeats) {
      out.push(
        `dataset '${d.id}': the suite's folds (k=${p.folds}, splitSeed=${p.splitSeed}, stratified=${p.stratified}, repeats=${p.repeats}) are not the baseline's (k=${d.folds}, splitSeed=${d.splitSeed}, stratified=${d.stratified}, repeats=${d.repeats})`,
      );
    }
  }
  return out;
}

export async function verifyBaseline(dir: string, options: VerifyOptions = {}): Promise<{ problems: string[]; data: BaselineData | null }> {
  const read = readManifest(dir);
  if (!read.manifest) return { problems: read.problems, data: null };
  const m = read.manifest;
  const { problems, readable } = folderProblems(dir, m);
  const named = options.suiteFile ?? suiteFileFromManifest(m.suite.file);
  let checkDatasets = options.checkDatasets ?? true;
  let suiteFile = '';
  if (typeof named !== 'string') {
    if (checkDatasets) problems.push(named.problem);
    checkDatasets = false;
  } else suiteFile = named;
  if (checkDatasets) problems.push(...suiteProblems(m, suiteFile));
  // Declared sizes against what the files can hold, before anything is allocated from them.
  for (const d of m.datasets) {
    if (d.file.bytes < d.n * (1 + d.repeats))
      problems.push(`dataset '${d.id}': declares ${d.n} examples × ${d.repeats} repeat(s), more than its ${d.file.bytes}-byte file can hold`);
  }
  for (const x of m.models) {
    const d = m.datasets.find((e) => e.id === x.dataset);
    if (d && x.file.bytes < d.n * d.repeats * (1 + (x.hasProbabilities ? d.numClasses + 4 : 0)))
      problems.push(
        `model '${x.id}': the dataset's declared size (${d.n} × ${d.repeats} rows${x.hasProbabilities ? ` × ${d.numClasses} classes` : ''}) is more than its ${x.file.bytes}-byte file can hold`,
      );
  }
  if (problems.some((p) => p.includes('can hold'))) return { problems, data: null };
  const datasets = new Map<string, DatasetArrays>();
  for (const d of m.datasets) {
    if (!readable.has(d.file.path)) continue;
    try {
      const arrays = readDatasetFile(join(dir, d.file.path), d.n, d.repeats);
      datasets.set(d.id, arrays);
      problems.push(...(await datasetProblems(d, arrays, { suiteFile, loadData: checkDatasets })));
    } catch (e) {
      problems.push(`dataset '${d.id}': ${d.file.path} ${msg(e)}`);
    }
  }
  const models = new Map<string, ModelPredictions>();
  for (const x of m.models) {
    const d = m.datasets.find((e) => e.id === x.dataset);
    const arrays = datasets.get(x.dataset);
    if (!d || !arrays || !readable.has(x.file.path)) continue;
    let pred: ModelPredictions;
    try {
      pred = readModelFile(join(dir, x.file.path), { rows: d.n * d.repeats, numClasses: d.numClasses, hasProbabilities: x.hasProbabilities });
    } catch (e) {
      problems.push(`model '${x.id}': ${x.file.path} ${msg(e)}`);
      continue;
    }
    models.set(x.id, pred);
    const who = `model '${x.id}'`;
    const pt = ptrueProblem(pred, arrays.labels, d.numClasses);
    if (pt) problems.push(`${who}: ${pt}`);
    const again = modelEntry(x, x.file, {
      labels: arrays.labels,
      folds: arrays.folds,
      k: d.folds,
      predictions: pred,
      attested: x.folds.map((f) => ({ repeat: f.repeat, fold: f.fold, train: f.train, trainSamplesPerSec: f.trainSamplesPerSec })),
    });
    if (!close(x.oofAccuracy, again.oofAccuracy))
      problems.push(`${who}: out-of-fold accuracy in the manifest is ${x.oofAccuracy}, recomputed from the predictions ${again.oofAccuracy}`);
    const nf = firstPredNotArgmax(pred, d.numClasses);
    if (nf >= 0) problems.push(`${who}: row ${nf}: the predicted class is not the most probable one (prediction and probabilities disagree)`);
    if (again.folds.length !== x.folds.length)
      problems.push(`${who}: ${x.folds.length} folds in the manifest, the predictions have ${again.folds.length} (repeats × k)`);
    for (const f of x.folds) {
      const g = again.folds.find((e) => e.repeat === f.repeat && e.fold === f.fold);
      const at = `${who} repeat ${f.repeat} fold ${f.fold}`;
      if (!g) {
        problems.push(`${at}: no such fold in the predictions`);
        continue;
      }
      const checks: [string, number | null, number | null][] = [
        ['held-out size', f.heldOutSize, g.heldOutSize],
        ['held-out accuracy', f.heldOut.accuracy, g.heldOut.accuracy],
        ['held-out loss', f.heldOut.loss, g.heldOut.loss],
        ['gap (train − held-out accuracy)', f.gap, g.gap],
        ['loss gap', f.lossGap, g.lossGap],
      ];
      for (const [name, a, b] of checks) if (!close(a, b)) problems.push(`${at}: ${name} in the manifest is ${a}, recomputed from the predictions ${b}`);
    }
  }
  for (const key of Object.keys(m.indices)) if (!m.datasets.some((d) => d.id === key)) problems.push(`indices: '${key}' is not a dataset of the baseline`);
  for (const d of m.datasets) {
    const ms = m.models.filter((x) => x.dataset === d.id);
    const arrays = datasets.get(d.id);
    const stored = m.indices[d.id];
    if (ms.length === 0) continue;
    if (!stored) {
      problems.push(`indices: dataset '${d.id}' has models but no headline indices`);
      continue;
    }
    if (!arrays || ms.some((x) => !models.has(x.id))) continue;
    problems.push(
      ...indicesProblems(
        `indices['${d.id}']`,
        stored,
        headlineIndices(toValidated({ ids: ms.map((x) => x.id), labels: arrays.labels, numClasses: d.numClasses, models: ms.map((x) => models.get(x.id)!) })),
      ),
    );
  }
  return { problems, data: { dir, manifest: m, datasets, models } };
}

/** Verifies and returns the data, or throws one BaselineError listing every problem (exit 2). */
export async function requireVerifiedBaseline(dir: string, options: VerifyOptions = {}): Promise<BaselineData> {
  const { problems, data } = await verifyBaseline(dir, options);
  if (problems.length > 0 || !data) throw new BaselineError(dir, problems);
  return data;
}
