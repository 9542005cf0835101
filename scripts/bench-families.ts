/**
 * `npm run bench:families`: divbench's TypeScript learners against scikit-learn 1.2 (Debian's
 * python3-sklearn, one thread) on the same data, the same fold and the same hyperparameters, in
 * ONE run: fit and predict CPU seconds (process.cpuUsage here, time.process_time there), held-out
 * accuracy, and how often both predict the same class. Each family runs here, then in the Python
 * peer (scripts/bench-families.py), back to back, so both see the same machine load; the load
 * average is printed before and after.
 *
 * Data: the 10k Fashion-MNIST images shipped with divbench (pixels in [0, 1]), divbench's seeded
 * stratified 3-fold split (src/spec/folds.ts, seed 0); fold 0 is timed unless --folds all.
 * Targets (issue 12): forest (100 trees) and boosting (100 iterations) fit within 3× of
 * scikit-learn, kNN predict within 2×, accuracy within 1 pp.
 *
 * Options: --families random-forest,hist-boosting,knn,knn-ts,naive-bayes  --trees 100
 *          --iterations 100  --k 5  --limit N (first N images)  --folds all
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fashionMnist } from '../src/registry/datasets/fashion-mnist.js';
import { assignFolds, splitIndices } from '../src/spec/folds.js';
import { RandomForest, RANDOM_FOREST_DEFAULTS } from '../src/learners/random-forest.js';
import { HistBoosting, HIST_BOOSTING_DEFAULTS } from '../src/learners/hist-boosting.js';
import { KNearestNeighbors, jsGemm } from '../src/learners/knn.js';
import { GaussianNaiveBayes } from '../src/learners/naive-bayes.js';
import { tfGemm } from '../src/registry/models/knn.js';
import { scriptArgs } from './script-args.js';

const args = scriptArgs(
  "usage: npm run bench:families -- [options]\ndivbench's learners against scikit-learn on the same data and fold (fit/predict CPU, accuracy, agreement)",
  {
    families: { type: 'string', default: 'random-forest,hist-boosting,knn,knn-ts,naive-bayes' },
    trees: { type: 'string', default: '100' },
    iterations: { type: 'string', default: '100' },
    k: { type: 'string', default: '5' },
    limit: { type: 'string', default: '' }, // the first N images
    folds: { type: 'string', default: '0' }, // 'all' for every fold
  },
);
const families = args.families.split(',');
const trees = Number(args.trees);
const iterations = Number(args.iterations);
const k = Number(args.k);
const limit = args.limit;
const allFolds = args.folds === 'all';

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' }).status === 0);

interface Side {
  fit: number;
  predict: number;
  accuracy: number;
  pred: Int32Array;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = (): string =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

function argmax(p: Float32Array, n: number, C: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < C; c++) if (p[i * C + c] > p[i * C + b]) b = c;
    out[i] = b;
  }
  return out;
}

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..');
  const ds = await fashionMnist.load(fashionMnist.params.parse({ variant: 'shipped', ...(limit ? { limit: Number(limit) } : {}) }), {
    packageRoot: root,
    suiteDir: root,
    env: {},
  });
  const d = ds.shape.reduce((a, b) => a * b, 1);
  const C = ds.numClasses;
  const fold = assignFolds(ds.y, { k: 3, seed: 0 });
  const tmp = mkdtempSync(join(os.tmpdir(), 'divbench-bench-families-'));
  writeFileSync(join(tmp, 'x.f32'), new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength));
  writeFileSync(join(tmp, 'y.i32'), new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength));
  writeFileSync(join(tmp, 'fold.i32'), new Uint8Array(fold.buffer));
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ n: ds.n, d }));

  let tf: Awaited<ReturnType<typeof loadTf>> | null = null;
  const params: Record<string, Record<string, unknown>> = {
    'random-forest': { trees },
    'hist-boosting': { iterations, learningRate: 0.1, maxLeaves: 31, minSamplesLeaf: 20 },
    knn: { k, weights: 'uniform' },
    'knn-ts': { k, weights: 'uniform' },
    'naive-bayes': { varSmoothing: 1e-9 },
  };
  process.stdout.write(
    `bench:families — ${os.cpus()[0]?.model} × ${os.cpus().length}, node ${process.version}; Fashion-MNIST shipped ${ds.n} × ${d}, stratified 3-fold (seed 0), fold${allFolds ? 's 0–2' : ' 0'}\n`,
  );
  process.stdout.write(
    `peer: ${PYTHON ? `${PYTHON} (scikit-learn, OMP/OpenBLAS threads = 1)` : 'NONE — no python3 with scikit-learn found (Debian: apt-get install python3-sklearn); divbench side only'}\n`,
  );
  process.stdout.write(`load average at start: ${load()}\n\n`);
  const rows: string[][] = [];
  for (const family of families) {
    if (!(family in params)) throw new Error(`unknown family '${family}' (known: ${Object.keys(params).join(', ')})`);
    if (family === 'knn' && tf === null) tf = await loadTf();
    const ours: Side = { fit: 0, predict: 0, accuracy: 0, pred: new Int32Array(0) };
    const theirs: Side = { fit: 0, predict: 0, accuracy: 0, pred: new Int32Array(0) };
    let agree = 0;
    let total = 0;
    for (const f of allFolds ? [0, 1, 2] : [0]) {
      const { train, heldOut } = splitIndices(fold, f);
      const gather = (idx: Int32Array) => {
        const x = new Float32Array(idx.length * d);
        const y = new Int32Array(idx.length);
        idx.forEach((r, i) => {
          x.set(ds.x.subarray(r * d, (r + 1) * d), i * d);
          y[i] = ds.y[r];
        });
        return { x, y };
      };
      const tr = gather(train);
      const te = gather(heldOut);
      const side = await runOurs(family, tr, te, train.length, heldOut.length, d, C, tf);
      ours.fit += side.fit;
      ours.predict += side.predict;
      let ok = 0;
      for (let i = 0; i < heldOut.length; i++) if (side.pred[i] === te.y[i]) ok++;
      ours.accuracy += ok;
      if (PYTHON) {
        const peerFamily = family === 'knn-ts' ? 'knn' : family;
        const r = spawnSync(PYTHON, [join(root, 'scripts', 'bench-families.py'), tmp, peerFamily, String(f), JSON.stringify(params[family])], {
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        });
        if (r.status !== 0) throw new Error(`bench-families.py failed: ${r.stderr}`);
        const j = JSON.parse(r.stdout) as { fit: number; predict: number; accuracy: number; pred: number[] };
        theirs.fit += j.fit;
        theirs.predict += j.predict;
        theirs.accuracy += j.accuracy * heldOut.length;
        for (let i = 0; i < heldOut.length; i++) if (j.pred[i] === side.pred[i]) agree++;
      }
      total += heldOut.length;
    }
    const pct = (v: number) => `${((100 * v) / total).toFixed(2)}%`;
    rows.push([
      family,
      ours.fit.toFixed(2),
      PYTHON ? theirs.fit.toFixed(2) : '–',
      PYTHON ? `${(ours.fit / theirs.fit).toFixed(2)}×` : '–',
      ours.predict.toFixed(2),
      PYTHON ? theirs.predict.toFixed(2) : '–',
      PYTHON ? `${(ours.predict / theirs.predict).toFixed(2)}×` : '–',
      pct(ours.accuracy),
      PYTHON ? pct(theirs.accuracy) : '–',
      PYTHON ? `${((100 * (ours.accuracy - theirs.accuracy)) / total).toFixed(2)}` : '–',
      PYTHON ? pct(agree) : '–',
    ]);
    process.stdout.write(`  ${family} done (load ${load()})\n`);
  }
  rmSync(tmp, { recursive: true, force: true });
  const head = ['family', 'fit s', 'sklearn fit s', 'ratio', 'predict s', 'sklearn predict s', 'ratio', 'accuracy', 'sklearn acc', 'Δ pp', 'same class'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |\n`;
  process.stdout.write(`\nCPU seconds (user + sys), ${allFolds ? 'summed over 3 folds' : 'fold 0'}; params: ${JSON.stringify(params)}\n`);
  process.stdout.write(line(head) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join(''));
  process.stdout.write(`load average at end: ${load()}  (${os.cpus().length} cores; ratios compare runs made back to back)\n`);
  process.stdout.write('knn = distances through tfjs-wasm MatMul (XNNPACK); knn-ts = the TypeScript product. Both re-rank the shortlist in float64.\n');
}

async function loadTf() {
  const { setupBackend } = await import('../src/worker/backend.js');
  await setupBackend('wasm');
  return await import('@tensorflow/tfjs');
}

async function runOurs(
  family: string,
  tr: { x: Float32Array; y: Int32Array },
  te: { x: Float32Array; y: Int32Array },
  nTr: number,
  nTe: number,
  d: number,
  C: number,
  tf: Awaited<ReturnType<typeof loadTf>> | null,
): Promise<Side> {
  let t0 = cpu();
  let predict: () => Promise<Float32Array>;
  if (family === 'random-forest') {
    const m = new RandomForest({ ...RANDOM_FOREST_DEFAULTS, trees, seed: 0 });
    m.fit(tr.x, tr.y, nTr, d, C);
    predict = async () => m.predict(te.x, nTe).probs;
  } else if (family === 'hist-boosting') {
    const m = new HistBoosting({ ...HIST_BOOSTING_DEFAULTS, iterations });
    m.fit(tr.x, tr.y, nTr, d, C);
    predict = async () => m.predict(te.x, nTe).probs;
  } else if (family === 'knn' || family === 'knn-ts') {
    const m = new KNearestNeighbors({ k, weights: 'uniform', blockSize: 128 }, family === 'knn' ? tfGemm(tf!) : jsGemm);
    await m.fit(tr.x, tr.y, nTr, d, C);
    predict = async () => {
      const p = (await m.predict(te.x, nTe)).probs;
      m.dispose();
      return p;
    };
  } else {
    const m = new GaussianNaiveBayes({ varSmoothing: 1e-9 });
    m.fit(tr.x, tr.y, nTr, d, C);
    predict = async () => m.predict(te.x, nTe).probs;
  }
  const fit = cpu() - t0;
  t0 = cpu();
  const probs = await predict();
  return { fit, predict: cpu() - t0, accuracy: 0, pred: argmax(probs, nTe, C) };
}

await main();
