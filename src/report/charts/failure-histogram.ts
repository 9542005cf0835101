/**
 * Failure-count histogram: the share of examples that exactly f of the M models get wrong, against
 * the Poisson-binomial expectation if the models failed independently at their own error rates.
 * Excess mass at both ends (everyone right, everyone wrong) is homogenization.
 */
import type { SystemicFailureResult } from '../../analysis/index.js';
import type { ChartView } from '../types.js';

export function failureHistogramChart(id: string, sf: SystemicFailureResult): ChartView {
  const M = sf.histogram.length - 1;
  const values = sf.histogram.flatMap((obs, f) => [
    { f, share: obs, series: 'observed' },
    { f, share: sf.expectedHistogram[f], series: 'if failures were independent' },
  ]);
  return {
    id,
    title: 'How many models fail on each example',
    caption: `Share of examples that exactly f of the ${M} models get wrong (bars) against the Poisson-binomial expectation for independent failures at the same error rates (line). Square-root scale so small shares stay visible. Total-variation distance ${sf.tvDistance.toFixed(3)}.`,
    spec: {
      width: Math.min(620, Math.max(260, (M + 1) * 24)),
      height: 200,
      data: { values },
      encoding: {
        x: { field: 'f', type: 'ordinal', title: 'models wrong on the example (f)', axis: { labelAngle: 0, labelOverlap: 'greedy' } },
        y: { field: 'share', type: 'quantitative', title: 'share of examples', scale: { type: 'sqrt' }, axis: { format: '.0%' } },
      },
      layer: [
        { transform: [{ filter: "datum.series === 'observed'" }], mark: { type: 'bar', color: '#2563eb' } },
        {
          transform: [{ filter: "datum.series !== 'observed'" }],
          mark: { type: 'line', color: '#dc2626', point: { color: '#dc2626', size: 24 }, strokeDash: [4, 3] },
        },
      ],
    },
  };
}
