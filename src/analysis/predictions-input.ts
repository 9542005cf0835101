/**
 * Validation of the documented predictions JSON (`divbench analyze <file.json>`):
 *
 *   { "labels": int[N], "numClasses": K,
 *     "folds"?: int[N],              fold that predicted each example (for within-fold CKA)
 *     "featureRows"?: int[n],        example index of each features row (default: row r = example r)
 *     "models": { "<id>": { "pred": int[N], "prob"?: number[N][K], "features"?: number[n][d],
 *                           "folds"?: int[n]  (fold id per features row; overrides the top level),
 *                           "factors"?: { "<key>": string|number, … } } } }
 *
 * Factors are an open record (architecture, optimizer, family, any recipe axis, seed, one
 * `stream:<name>` per random stream); `dataset` is accepted and never used as a factor. The input
 * is strict: an unknown key ("probs" for "prob") is an error with a "did you mean". Every problem
 * is a PredictionsError naming the model and the index.
 */
import { PredictionsError } from '../errors.js';
import type { FeatureMatrix } from './cka.js';
import { unknownKeyMessage } from './did-you-mean.js';
import type { ModelFactors } from './factors.js';

// meta: {framework, date, description} of external baselines (src/baselines/submit-external.ts); analyze ignores it
const TOP_KEYS = ['labels', 'numClasses', 'folds', 'featureRows', 'models', 'meta'];
const MODEL_KEYS = ['pred', 'prob', 'features', 'folds', 'factors'];

function strict(v: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) fail(where, unknownKeyMessage(k, allowed));
}

export interface ValidatedPredictions {
  ids: string[];
  labels: Int32Array;
  numClasses: number;
  preds: Int32Array[];
  /** N × K row-major per model, or undefined where the model has none. */
  probs: (Float64Array | undefined)[];
  features: (FeatureMatrix | undefined)[];
  /** Fold id per features row, shared by every model (undefined: one fold). */
  featureFolds?: Int32Array;
  factors: (ModelFactors | undefined)[];
}

const PROB_TOLERANCE = 1e-3;

function fail(where: string, what: string): never {
  throw new PredictionsError(`${where}: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intArray(v: unknown, where: string, length: number | null, lo: number, hi: number | null): Int32Array {
  if (!Array.isArray(v)) fail(where, 'must be an array of integers');
  if (length !== null && v.length !== length) fail(where, `has ${v.length} entries, expected ${length} (one per example)`);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x)) fail(`${where}[${i}]`, `${JSON.stringify(x)} is not an integer`);
    if (x < lo || (hi !== null && x > hi)) fail(`${where}[${i}]`, `${x} is out of range ${lo}..${hi ?? '∞'}`);
    out[i] = x;
  }
  return out;
}

function matrix(v: unknown, where: string, rows: number | null, cols: number | null): { data: Float64Array; rows: number; cols: number } {
  if (!Array.isArray(v)) fail(where, 'must be an array of rows (number[][])');
  if (rows !== null && v.length !== rows) fail(where, `has ${v.length} rows, expected ${rows}`);
  const first = v[0];
  const c = cols ?? (Array.isArray(first) ? first.length : 0);
  const data = new Float64Array(v.length * c);
  for (let r = 0; r < v.length; r++) {
    const row = v[r];
    if (!Array.isArray(row)) fail(`${where}[${r}]`, 'must be an array of numbers');
    if (row.length !== c) fail(`${where}[${r}]`, `has ${row.length} entries, expected ${c} (ragged array)`);
    for (let k = 0; k < c; k++) {
      const x = row[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${where}[${r}][${k}]`, `${JSON.stringify(x)} is not a finite number`);
      data[r * c + k] = x;
    }
  }
  return { data, rows: v.length, cols: c };
}

function factors(v: unknown, where: string): ModelFactors | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) fail(where, 'must be an object of factor names to values, e.g. {"architecture": "mlp", "optimizer": "adam", "seed": 1}');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.length === 0) fail(where, 'a factor name is empty');
    if (typeof x !== 'string' && typeof x !== 'number') fail(`${where}.${k}`, `${JSON.stringify(x)} must be a string or a number`);
    out[k] = String(x);
  }
  return out;
}

/** Validates parsed JSON against the predictions format; `source` names the file in messages. */
export function validatePredictionsInput(raw: unknown, source = 'predictions'): ValidatedPredictions {
  if (!isRecord(raw)) fail(source, 'must be a JSON object {labels, numClasses, models}');
  strict(raw, TOP_KEYS, source);
  const K = raw.numClasses;
  if (typeof K !== 'number' || !Number.isInteger(K) || K < 2 || K > 65535)
    fail(`${source}: numClasses`, `${typeof K === 'number' ? String(K) : JSON.stringify(K)} must be an integer from 2 to 65535`);
  const labels = intArray(raw.labels, `${source}: labels`, null, 0, K - 1);
  const N = labels.length;
  if (N === 0) fail(`${source}: labels`, 'is empty: at least one example is needed');
  const topFolds = raw.folds === undefined ? undefined : intArray(raw.folds, `${source}: folds`, N, 0, null);
  const featureRows = raw.featureRows === undefined ? undefined : intArray(raw.featureRows, `${source}: featureRows`, null, 0, N - 1);
  if (!isRecord(raw.models)) fail(`${source}: models`, 'must be an object keyed by model id');
  const ids = Object.keys(raw.models);
  if (ids.length === 0) fail(`${source}: models`, 'is empty: at least one model is needed');
  if (ids.length > 65535) fail(`${source}: models`, 'at most 65535 models');
  const out: ValidatedPredictions = { ids, labels, numClasses: K, preds: [], probs: [], features: [], factors: [] };
  let featureCount: number | null = null;
  let featureFolds: Int32Array | undefined;
  for (const id of ids) {
    const m = raw.models[id];
    const at = `${source}: models[${JSON.stringify(id)}]`;
    // Model ids key plain objects all through the analysis: one that names an Object.prototype
    // member ("__proto__", "constructor", …) would read or set the prototype instead.
    if (id.length === 0 || id.length > 200) fail(at, 'a model id must have 1 to 200 characters');
    if (id in Object.prototype) fail(at, `'${id}' cannot be a model id (it names a built-in property of JavaScript objects); rename the model`);
    if (!isRecord(m)) fail(at, 'must be an object {pred, prob?, features?}');
    strict(m, MODEL_KEYS, at);
    out.preds.push(intArray(m.pred, `${at}.pred`, N, 0, K - 1));
    if (m.prob === undefined) out.probs.push(undefined);
    else {
      const p = matrix(m.prob, `${at}.prob`, N, K);
      for (let x = 0; x < N; x++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const v = p.data[x * K + k];
          if (v < 0 || v > 1 + PROB_TOLERANCE) fail(`${at}.prob[${x}][${k}]`, `${v} is not a probability`);
          s += v;
        }
        if (Math.abs(s - 1) > PROB_TOLERANCE) fail(`${at}.prob[${x}]`, `sums to ${Number(s.toPrecision(6))}, not 1 (tolerance ${PROB_TOLERANCE})`);
      }
      out.probs.push(p.data);
    }
    if (m.features === undefined) out.features.push(undefined);
    else {
      const f = matrix(m.features, `${at}.features`, featureCount ?? featureRows?.length ?? null, null);
      if (f.cols === 0) fail(`${at}.features`, 'has no columns');
      featureCount = f.rows;
      out.features.push(f);
      let folds: Int32Array | undefined;
      if (m.folds !== undefined) folds = intArray(m.folds, `${at}.folds`, f.rows, 0, null);
      else if (topFolds) {
        if (!featureRows && f.rows !== N) fail(`${at}.features`, `has ${f.rows} rows but no featureRows maps them to the ${N} examples of folds`);
        folds = Int32Array.from({ length: f.rows }, (_, r) => topFolds[featureRows ? featureRows[r] : r]);
      }
      if (folds && featureFolds) {
        const i = folds.findIndex((v, r) => v !== (featureFolds as Int32Array)[r]);
        if (i >= 0)
          fail(`${at}.folds[${i}]`, `fold ${folds[i]} differs from another model's fold ${featureFolds[i]} for the same row: CKA needs the same folds`);
      }
      featureFolds ??= folds;
    }
    out.factors.push(factors(m.factors, `${at}.factors`));
  }
  if (featureFolds) out.featureFolds = featureFolds;
  return out;
}
