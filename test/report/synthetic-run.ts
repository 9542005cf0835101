/**
 * A synthetic, seeded report input (run + predictions + examples) without training: for report
 * tests and `npm run bench:report`. Models fail with probability sigmoid(3·(difficulty − skill));
 * wrong answers favour one confuser class per example, so errors are correlated as in real runs.
 */
import { mulberry32 } from '../../src/analysis/bootstrap.js';
import type { DatasetPredictions, RunPredictions } from '../../src/store/read-predictions.js';
import type { CellResult, CompletedResult, FoldResult } from '../../src/store/results.js';
import type { LoadedDataset } from '../../src/registry/types.js';
import type { ExamplesResult } from '../../src/report/load-examples.js';
import type { LoadedRun } from '../../src/report/load-run.js';
import type { ReportInput } from '../../src/report/view-model.js';
import type { ComponentSpec, Protocol, Suite } from '../../src/spec/types.js';

export interface SyntheticOptions {
  datasets?: number;
  architectures?: number;
  optimizers?: number;
  seeds?: number;
  examples?: number;
  classes?: number;
  folds?: number;
  epochs?: number;
  /** Cells (by position) recorded as errored instead of completed. */
  failed?: number;
  kind?: 'image' | 'tabular';
  /** Free text put into every string field a suite, dataset or result can carry. */
  text?: string;
  classNames?: string[];
}

const comp = (type: string, id: string): ComponentSpec => ({ type, id, params: {} }) as ComponentSpec;

export function syntheticReportInput(o: SyntheticOptions = {}): ReportInput {
  const D = o.datasets ?? 1,
    A = o.architectures ?? 3,
    O = o.optimizers ?? 2,
    S = o.seeds ?? 2;
  const N = o.examples ?? 600,
    K = o.classes ?? 4,
    k = o.folds ?? 3,
    E = o.epochs ?? 4;
  const kind = o.kind ?? 'image';
  const text = o.text ?? '';
  const rng = mulberry32(7);
  const protocol = {
    folds: k,
    repeats: 1,
    stratified: true,
    splitSeed: 0,
    epochs: E,
    batchSize: 32,
    timeoutMs: 60_000,
    probeSize: 16,
    throughput: { batchSize: 32, iterations: 5, time: 50, warmupIterations: 1 },
  } as unknown as Protocol;
  const datasets = Array.from({ length: D }, (_, d) => comp('blobs', `data-${d}`));
  const architectures = Array.from({ length: A }, (_, a) => comp('mlp', `arch-${a}`));
  const optimizers = Array.from({ length: O }, (_, p) => comp('adam', `opt-${p}`));
  const seeds = Array.from({ length: S }, (_, s) => s + 1);
  const suite: Suite = {
    name: `synthetic${text ? '-x' : ''}`,
    description: `Synthetic run ${text}`,
    datasets,
    architectures,
    optimizers,
    models: [],
    seeds,
    protocol,
    file: `/nonexistent/${text}/suite.yaml`,
  };
  const classNames = o.classNames ?? Array.from({ length: K }, (_, c) => `class ${c}${text}`);
  const shape = kind === 'image' ? [8, 8, 1] : [5];
  const size = shape.reduce((a, b) => a * b, 1);
  const results: CellResult[] = [];
  const predictions: DatasetPredictions[] = [];
  const examples = new Map<string, ExamplesResult>();
  let position = 0;
  for (const ds of datasets) {
    const labels = Int32Array.from({ length: N }, () => Math.floor(rng() * K));
    const difficulty = Float64Array.from({ length: N }, () => (rng() < 0.75 ? -1.5 + rng() : rng() * 4 - 1));
    const confuser = Int32Array.from(labels, (y) => (y + 1 + Math.floor(rng() * (K - 1))) % K);
    const fold = Int32Array.from({ length: N }, (_, x) => x % k);
    const x = Float32Array.from({ length: N * size }, () => rng());
    const data: LoadedDataset = {
      x,
      y: labels,
      n: N,
      shape,
      kind,
      numClasses: K,
      classNames,
      featureNames: shape.length === 1 ? Array.from({ length: size }, (_, j) => `feature ${j}${text}`) : undefined,
      hash: `sha256:${ds.id}`,
      source: `generated ${text}`,
    };
    examples.set(ds.id, { ok: true, data });
    const cells: CompletedResult[] = [];
    const v: RunPredictions = { ids: [], labels, numClasses: K, preds: [], probs: [], features: [], factors: [] };
    for (const arch of architectures)
      for (const opt of optimizers)
        for (const seed of seeds) {
          const cellId = `${ds.id}.${arch.id}.${opt.id}.s${seed}`;
          const factors = { family: 'network', architecture: arch.id, optimizer: opt.id, seed: String(seed) };
          const cell = {
            id: cellId,
            suite: suite.name,
            dataset: ds,
            model: { type: 'network', id: `${arch.id}.${opt.id}`, params: { architecture: arch, optimizer: opt } },
            architecture: arch,
            optimizer: opt,
            seed,
            factors,
            streams: {},
            protocol,
            suiteDir: '/nonexistent',
          };
          const skill = 0.4 + rng();
          const pred = new Int32Array(N);
          const prob = new Float64Array(N * K);
          for (let i = 0; i < N; i++) {
            let c = labels[i];
            if (rng() < 1 / (1 + Math.exp(-3 * (difficulty[i] - skill)))) c = rng() < 0.7 ? confuser[i] : (labels[i] + 1 + Math.floor(rng() * (K - 1))) % K;
            pred[i] = c;
            const top = 0.5 + 0.5 * rng();
            for (let j = 0; j < K; j++) prob[i * K + j] = (1 - top) / (K - 1);
            prob[i * K + c] = top;
          }
          const folds: FoldResult[] = Array.from({ length: k }, (_, f) => {
            let right = 0,
              n = 0;
            for (let i = 0; i < N; i++)
              if (fold[i] === f) {
                n++;
                if (pred[i] === labels[i]) right++;
              }
            const acc = right / n;
            const train = Math.min(1, acc + 0.02 * rng());
            return {
              repeat: 0,
              fold: f,
              trainSize: N - n,
              heldOutSize: n,
              epochsRun: E,
              lossCurve: Array.from({ length: E }, (_, e) => 1.5 / (1 + e) + 0.05 * rng()),
              train: { accuracy: train, loss: 0.4 },
              trainEvaluatedOn: n,
              heldOut: { accuracy: acc, loss: 0.5 },
              gap: train - acc,
              lossGap: 0.1,
              trainTimeMs: 1000,
              epochTimesMs: Array(E).fill(250),
              trainSamplesPerSec: 2000 + 1000 * rng(),
            };
          });
          const accs = folds.map((f) => f.heldOut.accuracy);
          const mean = accs.reduce((a, b) => a + b, 0) / k;
          const est = (m: number) => ({ mean: m, sd: 0.01, ci95: [m - 0.02, m + 0.02] as [number, number], n: k });
          const base = {
            schemaVersion: 2 as const,
            cellId,
            key: 'k',
            cell,
            factors,
            startedAt: '2026-11-29T12:00:00Z',
            finishedAt: '2026-11-29T12:00:05Z',
            durationMs: 5000,
            folds,
            backend: { requested: 'auto', name: 'cpu', tfjsVersion: '4.22.0', fallbackKernels: [], tried: [] },
            dataset: { hash: `sha256:${ds.id}`, n: N, numClasses: K, shape, kind, source: `generated ${text}`, classNames, foldHashes: ['h'] },
          };
          if (position++ < (o.failed ?? 0)) {
            results.push({ ...base, state: 'errored', error: { name: 'Error', message: `failed ${text}` } });
            continue;
          }
          const r: CompletedResult = {
            ...base,
            state: 'completed',
            summary: {
              heldOutAccuracy: est(mean),
              trainAccuracy: est(mean + 0.01),
              gap: est(0.01 + 0.01 * rng()),
              lossGap: est(0.1),
              heldOutLoss: est(0.5),
              oofAccuracy: mean,
              trainSamplesPerSec: 2000 + 1000 * rng(),
              trainConcurrency: 1,
              inference: { samplesPerSec: 10 ** (3 + 2 * rng()), batchSize: 32, rme: 1, samples: 10, concurrentThroughputPhases: 0 },
            },
            files: { predictions: { path: 'predictions.arrow', sha256: 'x', bytes: 1 } },
          };
          results.push(r);
          cells.push(r);
          v.ids.push(cellId);
          v.preds.push(pred);
          v.probs.push(prob);
          v.features.push(undefined);
          v.factors.push({ architecture: arch.id, optimizer: opt.id, seed: String(seed) });
        }
    if (cells.length) predictions.push({ datasetId: ds.id, cells, predictions: v });
  }
  const run: LoadedRun = {
    dir: '/nonexistent/run',
    runId: '2026-11-29T12-00-00Z',
    suite,
    env: {
      divbench: '0.1.0',
      node: 'v20.0.0',
      platform: `Linux ${text}`,
      arch: 'x64',
      cpu: { model: `CPU ${text}`, cores: 2 },
      memoryGiB: 8,
      packages: { '@tensorflow/tfjs': '4.22.0' },
      gitCommit: 'abcdef1234567890',
      gitDirty: false,
      hardwareFingerprint: 'f',
      backendRequested: 'auto',
      jobs: 2,
    },
    finishedAt: '2026-11-29T12:10:00Z',
    results,
  };
  return { run, predictions, examples };
}
