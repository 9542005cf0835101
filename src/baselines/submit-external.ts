/**
 * `divbench submit --external predictions.json --suite <suite> --name <name>`: out-of-fold
 * predictions made elsewhere (PyTorch, scikit-learn, …) on the folds `divbench folds` exported.
 * The file is the `divbench analyze` format plus a top-level `folds` (the fold that predicted each
 * example) and an optional `meta: {framework, date, description}`. Its labels must be the
 * dataset's and its folds the suite's, or it is refused; its numbers are then computed from it.
 */
import { readFileSync } from 'node:fs';
import { validatePredictionsInput } from '../analysis/predictions-input.js';
import { PredictionsError, UsageError } from '../errors.js';
import { VERSION } from '../package-info.js';
import { loadSuite } from '../spec/load-suite.js';
import { expectedFolds, foldHashes, loadDatasetTruth, suiteFileForManifest } from './dataset-check.js';
import { isModelId } from './manifest/names.js';
import type { BaselineDraft, DraftModel } from './manifest/write.js';

export interface ExternalOptions {
  readonly file: string;
  readonly suite: string;
  readonly name: string;
  readonly dataset?: string;
}

function meta(raw: Record<string, unknown>): { framework?: string; date?: string; description?: string } {
  const m = raw.meta;
  if (m === undefined) return {};
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new PredictionsError('meta: must be an object {framework?, date?, description?}');
  const out: Record<string, string> = {};
  for (const k of ['framework', 'date', 'description']) {
    const v = (m as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 500) throw new PredictionsError(`meta.${k}: must be a string of at most 500 characters`);
    out[k] = v;
  }
  return out;
}

export async function draftFromExternal(o: ExternalOptions): Promise<BaselineDraft> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(o.file, 'utf8'));
  } catch (e) {
    throw new PredictionsError(`${o.file}: not readable JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const v = validatePredictionsInput(raw, o.file);
  const rec = raw as Record<string, unknown>;
  const info = meta(rec);
  const suite = loadSuite(o.suite);
  const spec = o.dataset === undefined ? (suite.datasets.length === 1 ? suite.datasets[0] : undefined) : suite.datasets.find((d) => d.id === o.dataset);
  if (!spec)
    throw new UsageError(
      `${o.suite}: ${o.dataset === undefined ? 'the suite has several datasets' : `no dataset '${o.dataset}'`}; pick one with --dataset (${suite.datasets.map((d) => d.id).join(', ')})`,
    );
  const truth = await loadDatasetTruth(spec.type, spec.params, suite.file);
  const N = truth.labels.length;
  if (v.labels.length !== N) throw new PredictionsError(`${o.file}: labels has ${v.labels.length} entries, dataset '${spec.id}' has ${N} examples`);
  const bad = v.labels.findIndex((y, i) => y !== truth.labels[i]);
  if (bad >= 0)
    throw new PredictionsError(
      `${o.file}: labels[${bad}] is ${v.labels[bad]}, dataset '${spec.id}' says ${truth.labels[bad]}: use the labels (and order) that divbench folds exported`,
    );
  if (v.numClasses !== truth.numClasses) throw new PredictionsError(`${o.file}: numClasses ${v.numClasses}, dataset '${spec.id}' has ${truth.numClasses}`);
  const p = suite.protocol;
  const settings = { folds: p.folds, repeats: 1, stratified: p.stratified, splitSeed: p.splitSeed };
  const expected = expectedFolds(truth.labels, settings)[0];
  const folds = rec.folds;
  if (!Array.isArray(folds) || folds.length !== N)
    throw new PredictionsError(
      `${o.file}: folds must be an array of ${N} fold ids (the fold that predicted each example; export them with divbench folds ${o.suite} --dataset ${spec.id})`,
    );
  const off = folds.findIndex((f, i) => f !== expected[i]);
  if (off >= 0)
    throw new PredictionsError(
      `${o.file}: folds[${off}] is ${JSON.stringify(folds[off])}, the suite's fold assignment says ${expected[off]}: predictions must come from the exported folds (divbench folds ${o.suite} --dataset ${spec.id})`,
    );
  const models: DraftModel[] = v.ids.map((id, m) => {
    if (!isModelId(id)) throw new PredictionsError(`${o.file}: model id '${id}' is not kebab-case (lowercase letters, digits, dashes; dots between parts)`);
    const pr = v.probs[m];
    const K = v.numClasses;
    return {
      head: {
        id,
        dataset: spec.id,
        external: true,
        ...(info.description || info.framework ? { description: [info.framework, info.description].filter(Boolean).join(': ') } : {}),
        throughput: null,
      },
      predictions: { pred: v.preds[m], ptrue: pr ? Float64Array.from(truth.labels, (y, x) => Math.fround(pr[x * K + y])) : null, probs: pr ?? null },
      attested: [],
    };
  });
  const { file, ...resolved } = suite;
  return {
    name: o.name,
    kind: 'external',
    suite: { name: suite.name, file: suiteFileForManifest(file), resolved: resolved as unknown as Record<string, unknown> },
    provenance: {
      divbench: VERSION,
      node: null,
      tfjs: null,
      backends: [],
      hardware: null,
      gitCommit: null,
      gitDirty: null,
      runId: null,
      date: info.date ?? 'unknown',
      source: `external${info.framework ? `: ${info.framework}` : ''}`,
    },
    datasets: [
      {
        entry: {
          id: spec.id,
          type: spec.type,
          params: spec.params,
          hash: truth.hash,
          n: N,
          numClasses: truth.numClasses,
          folds: p.folds,
          repeats: 1,
          stratified: p.stratified,
          splitSeed: p.splitSeed,
          foldHashes: foldHashes([expected]),
        },
        arrays: { labels: truth.labels, folds: [expected] },
      },
    ],
    models,
  };
}
