/**
 * Critical-difference diagram (Demšar 2006) as a dot plot: each configuration's mean rank over
 * datasets with a bar of ± CD/2 (Nemenyi). Two configurations whose bars do not overlap differ
 * significantly at the chosen α.
 */
import { fixed } from '../format.js';
import type { ChartView } from '../types.js';

/** `cd`: the Nemenyi critical difference at level `alpha`. */
export function criticalDifferenceChart(
  id: string,
  configurations: readonly string[],
  { meanRanks, cd, alpha }: { meanRanks: readonly number[]; cd: number; alpha: number },
): ChartView {
  const values = configurations.map((c, i) => ({ configuration: c, rank: meanRanks[i], lo: meanRanks[i] - cd / 2, hi: meanRanks[i] + cd / 2 }));
  // The axis spans every possible rank, 1 to the number of configurations (bars clipped there).
  const k = Math.max(2, configurations.length);
  const ticks = Array.from({ length: k }, (_, i) => i + 1).filter((t) => k <= 12 || t === 1 || t === k || t % Math.ceil(k / 10) === 0);
  const order = [...values].sort((a, b) => a.rank - b.rank).map((v) => v.configuration);
  return {
    id,
    title: 'Critical-difference diagram',
    caption: `Mean rank over datasets (1 = best), with bars of ± CD/2 where CD = ${fixed(cd, 2)} is the Nemenyi critical difference at α = ${alpha}. Configurations whose bars do not overlap differ significantly.`,
    spec: {
      width: 420,
      height: Math.max(80, order.length * 18),
      data: { values },
      encoding: { y: { field: 'configuration', type: 'nominal', sort: order, title: null, axis: { labelLimit: 240 } } },
      layer: [
        {
          mark: { type: 'rule', color: '#93c5fd', strokeWidth: 4, clip: true },
          encoding: {
            x: {
              field: 'lo',
              type: 'quantitative',
              title: `mean rank (1 = best, ${configurations.length} = worst)`,
              scale: { domain: [1, Math.max(2, configurations.length)], nice: false, zero: false },
              axis: { values: ticks },
            },
            x2: { field: 'hi' },
          },
        },
        { mark: { type: 'point', filled: true, size: 60, color: '#1d4ed8' }, encoding: { x: { field: 'rank', type: 'quantitative' } } },
      ],
    },
  };
}
