/**
 * Integrity of a run folder's cells, checked before anything trusts them (resume, report, merge,
 * submit): `result.json` must be a readable JSON object of the expected shape and sizes, and every
 * Arrow file it names must be a plain file inside the cell's folder whose size and sha256 match
 * what was recorded, that Arrow can read, and whose rows and columns are those the result's cell
 * and dataset imply, with values in range (classes in 0..K−1, probabilities finite in [0, 1]).
 * A cell that fails is *damaged*: resume reruns it, report and merge list it, never use it.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { CellResult, CompletedResult, StoredFile } from './results.js';

/** Bounds on declared sizes, checked before anything is allocated from them. */
export const LIMITS = {
  resultJsonBytes: 64 * 1024 * 1024,
  arrowBytes: 4 * 1024 * 1024 * 1024,
  examples: 100_000_000,
  classes: 100_000,
  folds: 1_000,
  repeats: 1_000,
} as const;

const STATES = new Set(['completed', 'diverged', 'errored', 'timed-out', 'crashed']);
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.arrow$/;

export interface StoredCell {
  /** The result, when result.json exists and passed every check. */
  readonly result?: CellResult;
  /** Why the cell is damaged (result.json or one of its files), when it is. */
  readonly problem?: string;
}

export interface DamagedCell {
  readonly cellId: string;
  readonly problem: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Reads and checks `cells/<cellId>/result.json` and its files. No result.json: `{}` (not run). */
export function readStoredCell(runDir: string, cellId: string): StoredCell {
  const dir = join(runDir, 'cells', cellId);
  const file = join(dir, 'result.json');
  let st;
  try {
    st = lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `result.json cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  if (st.isSymbolicLink()) return { problem: 'result.json is a symbolic link; a run folder holds plain files only' };
  if (!st.isFile()) return { problem: 'result.json is not a file' };
  if (st.size > LIMITS.resultJsonBytes) return { problem: `result.json is ${st.size} bytes, more than any real result (${LIMITS.resultJsonBytes})` };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { problem: `result.json is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}); truncated or edited` };
  }
  const shape = resultShapeProblem(value, cellId);
  if (shape) return { problem: `result.json: ${shape}` };
  const result = value as CellResult;
  if (result.state === 'completed') {
    const bad = cellFilesProblem(dir, result);
    if (bad) return { problem: bad };
  }
  return { result };
}

/** The first thing wrong with a parsed result.json, or undefined. */
function resultShapeProblem(v: unknown, cellId: string): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (v.cellId !== cellId) return `cellId ${JSON.stringify(String(v.cellId).slice(0, 80))} does not match its folder '${cellId}'`;
  if (typeof v.state !== 'string' || !STATES.has(v.state)) return `unknown state ${JSON.stringify(String(v.state).slice(0, 40))}`;
  if (typeof v.key !== 'string') return 'no resume key';
  if (!isObject(v.cell)) return 'no cell';
  const protocol = (v.cell as Record<string, unknown>).protocol;
  if (!isObject(protocol) || !isInt(protocol.folds, 2, LIMITS.folds) || !isInt(protocol.repeats, 1, LIMITS.repeats))
    return `cell.protocol.folds/repeats missing or out of range (folds 2..${LIMITS.folds}, repeats 1..${LIMITS.repeats})`;
  if (!Array.isArray(v.folds) || !v.folds.every(isObject)) return 'folds is not a list of fold results';
  if (v.dataset !== undefined) {
    const d = v.dataset;
    if (!isObject(d)) return 'dataset is not an object';
    if (!isInt(d.n, 1, LIMITS.examples)) return `dataset.n ${JSON.stringify(d.n)} is not a whole number in 1..${LIMITS.examples}`;
    if (!isInt(d.numClasses, 2, LIMITS.classes)) return `dataset.numClasses ${JSON.stringify(d.numClasses)} is not a whole number in 2..${LIMITS.classes}`;
    if (d.testN !== undefined && !isInt(d.testN, 1, LIMITS.examples)) return `dataset.testN ${JSON.stringify(d.testN)} is out of range`;
    if (typeof d.hash !== 'string' || !Array.isArray(d.foldHashes)) return 'dataset.hash or dataset.foldHashes missing';
  }
  for (const [i, f] of (v.folds as Record<string, unknown>[]).entries()) {
    const bad = foldProblem(f);
    if (bad) return `folds[${i}]: ${bad}`;
  }
  if (v.state === 'completed') {
    if (!isObject(v.dataset)) return 'a completed result without its dataset';
    if (!isObject(v.summary)) return 'a completed result without its summary';
    if (!isObject(v.files) || !isObject(v.files.predictions)) return 'a completed result without files.predictions';
    for (const [name, f] of Object.entries(v.files)) {
      if (!isObject(f) || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || !isInt(f.bytes, 1, LIMITS.arrowBytes))
        return `files.${name} is not {path, sha256, bytes}`;
      if (!FILE_NAME.test(f.path)) return `files.${name}.path ${JSON.stringify(f.path.slice(0, 80))} is not a plain .arrow file name inside the cell's folder`;
    }
  }
  return undefined;
}

function metricsProblem(m: unknown, what: string): string | undefined {
  if (!isObject(m)) return `${what} missing`;
  if (typeof m.accuracy !== 'number' || !(m.accuracy >= 0 && m.accuracy <= 1)) return `${what}.accuracy ${JSON.stringify(m.accuracy)} is not in [0, 1]`;
  if (typeof m.loss !== 'number' || !(m.loss >= 0)) return `${what}.loss ${JSON.stringify(m.loss)} is not a non-negative number`;
  return undefined;
}

function foldProblem(f: Record<string, unknown>): string | undefined {
  return (
    metricsProblem(f.heldOut, 'heldOut') ??
    metricsProblem(f.train, 'train') ??
    (f.trainSamplesPerSec !== null && f.trainSamplesPerSec !== undefined && !(typeof f.trainSamplesPerSec === 'number' && f.trainSamplesPerSec >= 0)
      ? 'trainSamplesPerSec is negative or not a number'
      : undefined)
  );
}

function fileBytes(dir: string, stored: StoredFile): Buffer | string {
  const path = join(dir, stored.path);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return `${stored.path} is missing`;
  }
  if (st.isSymbolicLink()) return `${stored.path} is a symbolic link; a run folder holds plain files only`;
  if (!st.isFile()) return `${stored.path} is not a file`;
  if (st.size !== stored.bytes) return `${stored.path} is ${st.size} bytes, result.json recorded ${stored.bytes} (truncated or replaced)`;
  const bytes = readFileSync(path);
  const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (hash !== stored.sha256) return `${stored.path}: sha256 does not match the one result.json recorded (the file was damaged or edited)`;
  return bytes;
}

function readTable(bytes: Buffer, path: string): Table | string {
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    return `${path} is not a readable Arrow file (${e instanceof Error ? e.message.slice(0, 120) : 'unreadable'})`;
  }
}

/** Checks of one Arrow table's columns; each returns the first problem (naming `path`) or undefined. */
function columnChecks(t: Table, path: string) {
  return {
    /** Every value of `name` an integer in min..max. */
    int(name: string, min: number, max: number): string | undefined {
      const col = t.getChild(name);
      if (!col) return `${path} has no column '${name}'`;
      const a = col.toArray() as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (!(Number.isInteger(v) && v >= min && v <= max)) return `${path}: column '${name}' row ${i} holds ${String(v)}, outside ${min}..${max}`;
      }
      return undefined;
    },
    /** Columns `prefix`0..`prefix`(K−1) finite, and probabilities in [0, 1] when `probabilities`. */
    numbers(prefix: string, K: number, { probabilities }: { probabilities: boolean }): string | undefined {
      for (let k = 0; k < K; k++) {
        const col = t.getChild(`${prefix}${k}`);
        if (!col) return `${path} has no column '${prefix}${k}'`;
        const a = col.toArray() as ArrayLike<number>;
        for (let i = 0; i < a.length; i++) {
          const v = a[i];
          if (!Number.isFinite(v) || (probabilities && (v < -1e-6 || v > 1 + 1e-6)))
            return `${path}: column '${prefix}${k}' row ${i} holds ${String(v)}${probabilities ? ', not a probability in [0, 1]' : ', not a finite number'}`;
        }
      }
      return undefined;
    },
  };
}

/** The first problem with a completed cell's Arrow files, or undefined. */
function cellFilesProblem(dir: string, r: CompletedResult): string | undefined {
  const { n: N, numClasses: K, testN } = r.dataset!;
  const { folds, repeats } = r.cell.protocol;
  if (repeats * N > LIMITS.examples) return `dataset.n × repeats (${repeats * N}) is more than ${LIMITS.examples}`;
  const p = r.files.predictions;
  const pb = fileBytes(dir, p);
  if (typeof pb === 'string') return pb;
  const pt = readTable(pb, p.path);
  if (typeof pt === 'string') return pt;
  if (pt.numRows !== repeats * N) return `${p.path} has ${pt.numRows} rows, expected repeats × n = ${repeats * N}`;
  const pc = columnChecks(pt, p.path);
  const bad =
    pc.int('repeat', 0, repeats - 1) ??
    pc.int('index', 0, N - 1) ??
    pc.int('fold', 0, folds - 1) ??
    pc.int('label', 0, K - 1) ??
    pc.int('pred', 0, K - 1) ??
    pc.numbers('p', K, { probabilities: true });
  if (bad) return bad;
  const mismatch = heldOutMismatch(pt, r, K);
  if (mismatch) return mismatch;
  if (r.files.features) {
    const f = r.files.features;
    const fb = fileBytes(dir, f);
    if (typeof fb === 'string') return fb;
    const ft = readTable(fb, f.path);
    if (typeof ft === 'string') return ft;
    const d = ft.schema.fields.filter((x) => /^f\d+$/.test(x.name)).length;
    const fc = columnChecks(ft, f.path);
    const badF = fc.int('repeat', 0, repeats - 1) ?? fc.int('fold', 0, folds - 1) ?? fc.int('index', 0, N - 1) ?? fc.numbers('f', d, { probabilities: false });
    if (badF) return badF;
  }
  if (r.files.testPredictions) {
    const t = r.files.testPredictions;
    if (testN === undefined) return `${t.path} is recorded but dataset.testN is not`;
    const tb = fileBytes(dir, t);
    if (typeof tb === 'string') return tb;
    const tt = readTable(tb, t.path);
    if (typeof tt === 'string') return tt;
    if (tt.numRows !== repeats * folds * testN) return `${t.path} has ${tt.numRows} rows, expected repeats × folds × testN = ${repeats * folds * testN}`;
    const tc = columnChecks(tt, t.path);
    const badT = tc.int('label', 0, K - 1) ?? tc.int('pred', 0, K - 1) ?? tc.numbers('p', K, { probabilities: true });
    if (badT) return badT;
  }
  return undefined;
}

const col = (t: Table, name: string) => t.getChild(name)!.toArray() as ArrayLike<number>;

/**
 * Recomputes every fold's held-out accuracy, loss and size from the stored out-of-fold
 * predictions (the same formula the worker uses: mean cross-entropy with probabilities clipped at
 * 1e-7) and compares them with result.json — a copied or edited folder cannot claim numbers its
 * predictions do not support. Also: each stored prediction is a most probable class.
 */
function heldOutMismatch(t: Table, r: CompletedResult, K: number): string | undefined {
  const { folds, repeats } = r.cell.protocol;
  const repeat = col(t, 'repeat'),
    fold = col(t, 'fold'),
    label = col(t, 'label'),
    pred = col(t, 'pred');
  const probs = Array.from({ length: K }, (_, k) => col(t, `p${k}`));
  const cells = repeats * folds;
  const n = new Float64Array(cells),
    correct = new Float64Array(cells),
    loss = new Float64Array(cells);
  for (let i = 0; i < t.numRows; i++) {
    const c = repeat[i] * folds + fold[i];
    n[c]++;
    if (pred[i] === label[i]) correct[c]++;
    loss[c] -= Math.log(Math.max(probs[label[i]][i], 1e-7));
    const pp = probs[pred[i]][i];
    for (let k = 0; k < K; k++) {
      if (probs[k][i] > pp + 1e-6)
        return `${r.files.predictions.path}: row ${i} predicts class ${pred[i]}, but class ${k} has the higher stored probability (${probs[k][i]} > ${pp})`;
    }
  }
  for (const f of r.folds) {
    if (!isInt(f.repeat, 0, repeats - 1) || !isInt(f.fold, 0, folds - 1))
      return `result.json: a fold result with repeat ${String(f.repeat)} fold ${String(f.fold)}, outside the protocol`;
    const c = f.repeat * folds + f.fold;
    const where = `repeat ${f.repeat} fold ${f.fold + 1}`;
    if (f.heldOutSize !== n[c]) return `result.json says ${where} held out ${String(f.heldOutSize)} examples; ${r.files.predictions.path} has ${n[c]}`;
    const acc = n[c] ? correct[c] / n[c] : 0;
    if (Math.abs(f.heldOut.accuracy - acc) > 1e-6)
      return `result.json claims held-out accuracy ${f.heldOut.accuracy} for ${where}; its predictions give ${acc}`;
    const l = n[c] ? loss[c] / n[c] : 0;
    if (Math.abs(f.heldOut.loss - l) > 1e-6 + 1e-4 * Math.abs(l))
      return `result.json claims held-out loss ${f.heldOut.loss} for ${where}; its predictions give ${l}`;
  }
  if (r.folds.length !== cells) return `result.json has ${r.folds.length} fold results, the protocol ${repeats} × ${folds}`;
  const mean = r.folds.reduce((a, f) => a + f.heldOut.accuracy, 0) / r.folds.length;
  const claimed = (r.summary as { heldOutAccuracy?: { mean?: unknown } }).heldOutAccuracy?.mean;
  if (typeof claimed !== 'number' || Math.abs(claimed - mean) > 1e-6)
    return `result.json's summary claims held-out accuracy ${String(claimed)}; its folds average ${mean}`;
  return undefined;
}
