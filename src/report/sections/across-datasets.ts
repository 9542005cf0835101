/**
 * Across datasets (≥ 2): every configuration (architecture / optimizer / seed) that completed on
 * every dataset, ranked per dataset by held-out accuracy; mean rank, Friedman test and the Nemenyi
 * critical-difference diagram (Demšar 2006).
 */
import { friedmanNemenyi } from '../../analysis/index.js';
import { averageRanks } from '../../analysis/ranks.js';
import type { CellResult, CompletedResult } from '../../store/results.js';
import { criticalDifferenceChart } from '../charts/critical-difference.js';
import { fixed, maybe } from '../format.js';
import { rankValues } from '../../analysis/catalog.js';
import type { AcrossDatasetsView } from '../types.js';
import { cellArchitecture, cellOptimizer } from '../../spec/cell-label.js';

const ALPHA = 0.05;

const configurationOf = (r: CellResult) => `${cellArchitecture(r.cell)} / ${cellOptimizer(r.cell)} / s${r.cell.seed}`;

export function buildAcrossDatasets(datasetIds: readonly string[], results: readonly CellResult[]): AcrossDatasetsView | null {
  if (datasetIds.length < 2) return null;
  const byDataset = datasetIds.map(
    (d) => new Map(results.filter((r): r is CompletedResult => r.state === 'completed' && r.cell.dataset.id === d).map((r) => [configurationOf(r), r])),
  );
  const configurations = [...byDataset[0].keys()].filter((c) => byDataset.every((m) => m.has(c))).sort();
  const notes: string[] = [];
  const dropped = new Set(results.map(configurationOf)).size - configurations.length;
  if (dropped > 0) notes.push(`${dropped} configuration(s) left out: not completed on every dataset.`);
  if (configurations.length < 2) {
    return {
      datasets: datasetIds.length,
      table: { columns: [...datasetIds], rows: [] },
      chart: null,
      notes: [...notes, 'Fewer than 2 configurations completed on every dataset: no ranking.'],
    };
  }
  const scores = byDataset.map((m) => configurations.map((c) => m.get(c)!.summary.heldOutAccuracy.mean));
  const f = friedmanNemenyi(scores, { alpha: ALPHA });
  // The Friedman test's own tie rule (ties share the mean of their ranks), so the per-dataset
  // ranks shown average exactly to the mean ranks beside them.
  const perDatasetRanks = scores.map((row) => averageRanks(row.map((v) => -v)).ranks);
  const order = configurations.map((_, j) => j).sort((a, b) => f.meanRanks[a] - f.meanRanks[b]);
  const overall = rankValues(f.meanRanks, 'lower-is-better');
  notes.push(
    `Friedman χ²_F = ${maybe(f.chiSquare, (v) => fixed(v, 2))} (p = ${maybe(f.chiSquareP, (v) => fixed(v, 3))}); Iman–Davenport F = ${maybe(f.imanDavenport, (v) => fixed(v, 2))} (p = ${maybe(f.imanDavenportP, (v) => fixed(v, 3))}).`,
    `Nemenyi critical difference CD = ${fixed(f.criticalDifference, 2)} at α = ${ALPHA} over ${datasetIds.length} datasets and ${configurations.length} configurations; ranks by held-out accuracy (1 = best; tied configurations share the mean of their ranks, in each dataset's column as in the test).`,
  );
  if (datasetIds.length < 5) notes.push('With fewer than 5 datasets the Friedman test has little power: read the ranks as descriptive.');
  return {
    datasets: datasetIds.length,
    table: {
      columns: [...datasetIds],
      rows: order.map((j) => ({
        configuration: configurations[j],
        meanRank: {
          value: f.meanRanks[j],
          display: fixed(f.meanRanks[j], 2),
          ci: '',
          rank: overall[j],
          best: overall[j] === 1,
          cellIds: byDataset.map((m) => m.get(configurations[j])!.cellId),
        },
        ranks: perDatasetRanks.map((r) => (Number.isInteger(r[j]) ? String(r[j]) : fixed(r[j], 1))),
      })),
    },
    chart: criticalDifferenceChart('across-cd', configurations, { meanRanks: f.meanRanks, cd: f.criticalDifference, alpha: ALPHA }),
    notes,
  };
}
