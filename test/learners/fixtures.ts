/** Loads the scikit-learn fixtures of scripts/gen-learner-fixtures.py and the data they describe. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csv } from '../../src/registry/datasets/csv.js';

export interface FoldRef {
  accuracy: number;
  probs?: number[];
}

export interface LearnerFixture {
  dataset: string;
  n: number;
  d: number;
  numClasses: number;
  fold: number[];
  folds: Array<Record<'gnb' | 'knn5u' | 'knn7d' | 'rf' | 'hgb', FoldRef>>;
  x?: number[];
  y?: number[];
}

export interface FixtureData {
  fx: LearnerFixture;
  x: Float32Array;
  y: Int32Array;
}

const root = join(import.meta.dirname, '..', '..');

export async function loadFixture(name: string): Promise<FixtureData> {
  const fx = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'learners', `${name}.json`), 'utf8')) as LearnerFixture;
  if (fx.x && fx.y) return { fx, x: Float32Array.from(fx.x), y: Int32Array.from(fx.y) };
  const ds = await csv.load(csv.params.parse({ path: `${name}.csv`, label: 'class' }), {
    packageRoot: root,
    suiteDir: join(root, 'suites', 'data', 'tabular'),
    env: {},
  });
  return { fx, x: ds.x, y: ds.y };
}

/** Training rows and held-out rows (ascending, as the fixture) of fold f. */
export function foldData(data: FixtureData, f: number): { xTr: Float32Array; yTr: Int32Array; nTr: number; xTe: Float32Array; yTe: Int32Array; nTe: number } {
  const { fx, x, y } = data;
  const d = fx.d;
  const tr: number[] = [];
  const te: number[] = [];
  fx.fold.forEach((g, i) => (g === f ? te : tr).push(i));
  const take = (idx: number[]) => {
    const xo = new Float32Array(idx.length * d);
    const yo = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      xo.set(x.subarray(r * d, (r + 1) * d), i * d);
      yo[i] = y[r];
    });
    return { xo, yo };
  };
  const a = take(tr);
  const b = take(te);
  return { xTr: a.xo, yTr: a.yo, nTr: tr.length, xTe: b.xo, yTe: b.yo, nTe: te.length };
}

export function accuracy(probs: Float32Array, y: Int32Array, C: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
