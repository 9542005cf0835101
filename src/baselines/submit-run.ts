/**
 * `divbench submit <run-dir> --name <name>`: turns a run's completed cells into a baseline draft.
 * Before anything is written, every held-out number the run reports is recomputed from its
 * predictions; a run whose result.json disagrees with its own predictions is refused.
 */
import { PredictionsError, UsageError } from '../errors.js';
import type { CompletedResult } from '../store/results.js';
import { close, recomputeFolds } from '../analysis/fold-metrics.js';
import { suiteFileForManifest } from './dataset-check.js';
import type { DatasetEntry } from './manifest/schema.js';
import type { AttestedFold } from './manifest/model-entry.js';
import { readCellPredictions } from '../store/predictions-file.js';
import { readRunFolder } from '../store/run-dir.js';
import type { BaselineDraft, DraftDataset, DraftModel } from './manifest/write.js';

export interface RunDraft {
  readonly draft: BaselineDraft;
  /** Cells left out (not completed), with their state. */
  readonly skipped: string[];
}

export function draftFromRun(runDir: string, name: string): RunDraft {
  const run = readRunFolder(runDir);
  if (run.damaged?.length) {
    throw new PredictionsError(
      `${runDir}: ${run.damaged.map((d) => `${d.cellId}: ${d.problem}`).join('; ')}: the run is damaged and cannot be submitted (\`divbench run <suite> --resume ${run.runId}\` reruns damaged cells)`,
    );
  }
  const { suite, env } = run;
  const protocol = suite.protocol;
  const completed = run.results.filter((r): r is CompletedResult => r.state === 'completed' && r.dataset !== undefined);
  const skipped = run.results.filter((r) => r.state !== 'completed').map((r) => `${r.cellId} (${r.state})`);
  if (completed.length === 0) throw new UsageError(`${runDir}: no completed cell to submit`);
  const datasets: DraftDataset[] = [];
  const models: DraftModel[] = [];
  for (const spec of suite.datasets) {
    const cells = completed.filter((r) => r.cell.dataset.id === spec.id);
    if (cells.length === 0) continue;
    const info = cells[0].dataset!;
    let arrays: DraftDataset['arrays'] | undefined;
    for (const r of cells) {
      if (r.dataset!.hash !== info.hash)
        throw new PredictionsError(`${r.cellId}: dataset hash ${r.dataset!.hash} differs from ${cells[0].cellId}'s ${info.hash}: the run mixes data versions`);
      const p = readCellPredictions(run.dir, r, protocol.repeats);
      if (!arrays) arrays = { labels: p.labels, folds: p.folds };
      else {
        if (p.labels.some((v, i) => v !== arrays!.labels[i]))
          throw new PredictionsError(`${r.cellId}: labels differ from the other cells of dataset '${spec.id}'`);
        if (p.folds.some((f, rep) => f.some((v, i) => v !== arrays!.folds[rep][i])))
          throw new PredictionsError(`${r.cellId}: fold ids differ from the other cells of dataset '${spec.id}'`);
      }
      const again = recomputeFolds(p.labels, p.folds, p.model, protocol.folds);
      for (const f of r.folds) {
        const g = again.find((x) => x.repeat === f.repeat && x.fold === f.fold);
        if (!g || !close(g.accuracy, f.heldOut.accuracy) || !close(g.loss, f.heldOut.loss, 1e-6)) {
          throw new PredictionsError(
            `${r.cellId}: result.json says repeat ${f.repeat} fold ${f.fold} held-out accuracy ${f.heldOut.accuracy} / loss ${f.heldOut.loss}, its predictions.arrow gives ${g?.accuracy} / ${g?.loss}: the run is inconsistent and cannot be submitted`,
          );
        }
      }
      const attested: AttestedFold[] = r.folds.map((f) => ({
        repeat: f.repeat,
        fold: f.fold,
        train: { accuracy: f.train.accuracy, loss: f.train.loss },
        trainSamplesPerSec: f.trainSamplesPerSec,
      }));
      models.push({
        head: {
          id: r.cellId,
          dataset: spec.id,
          external: false,
          ...(r.cell.architecture && r.cell.optimizer ? { architecture: r.cell.architecture, optimizer: r.cell.optimizer } : { model: r.cell.model }),
          seed: r.cell.seed,
          throughput: {
            backend: r.backend?.name ?? 'unknown',
            trainSamplesPerSec: r.summary.trainSamplesPerSec,
            inferenceSamplesPerSec: r.summary.inference?.samplesPerSec ?? null,
          },
        },
        predictions: p.model,
        attested,
      });
    }
    const entry: Omit<DatasetEntry, 'file'> = {
      id: spec.id,
      type: spec.type,
      params: spec.params,
      hash: info.hash,
      n: info.n,
      numClasses: info.numClasses,
      folds: protocol.folds,
      repeats: protocol.repeats,
      stratified: protocol.stratified,
      splitSeed: protocol.splitSeed,
      foldHashes: info.foldHashes,
    };
    datasets.push({ entry, arrays: arrays! });
  }
  const { file, ...resolved } = suite;
  const backends = [...new Set(completed.map((r) => r.backend?.name ?? 'unknown'))].sort();
  const lastFinish = completed
    .map((r) => r.finishedAt)
    .sort()
    .at(-1)!;
  return {
    skipped,
    draft: {
      name,
      kind: 'run',
      suite: { name: suite.name, file: suiteFileForManifest(file), resolved: resolved as unknown as Record<string, unknown> },
      provenance: {
        divbench: env?.divbench ?? 'unknown',
        node: env?.node ?? null,
        tfjs: env?.packages?.['@tensorflow/tfjs'] ?? completed[0].backend?.tfjsVersion ?? null,
        backends,
        hardware: env ? { cpu: env.cpu.model, cores: env.cpu.cores, platform: env.platform, arch: env.arch, fingerprint: env.hardwareFingerprint } : null,
        gitCommit: env?.gitCommit ?? null,
        gitDirty: env?.gitDirty ?? null,
        runId: run.runId,
        date: run.finishedAt ?? lastFinish,
        source: 'divbench run',
      },
      datasets,
      models,
    },
  };
}
