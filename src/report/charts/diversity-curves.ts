/**
 * Diversity curves (METRICS §10.4): what k models buy, for pools of any k models, k seeds of one
 * recipe, and k distinct recipes. Left: systemic failure (every model of the subset wrong) beside
 * its independence expectation. Right: oracle, majority-vote and mean-probability ensemble accuracy.
 */
import type { DiversityCurve } from '../../analysis/index.js';
import type { ChartView } from '../types.js';

const POOL = { all: 'any k models', 'same-recipe': 'k seeds of one recipe', mixed: 'k distinct recipes' } as const;

export function diversityCurveCharts(idPrefix: string, curves: readonly DiversityCurve[]): ChartView[] {
  if (!curves.length || curves[0].points.length < 2) return [];
  const pools = curves.map((c) => POOL[c.pool]);
  const sfr = curves.flatMap((c) =>
    c.points.flatMap((p) => [
      { k: p.k, pool: POOL[c.pool], series: 'observed', value: p.systemicFailure.mean, lo: p.systemicFailure.lo, hi: p.systemicFailure.hi },
      {
        k: p.k,
        pool: POOL[c.pool],
        series: 'if independent',
        value: p.independentSystemicFailure.mean,
        lo: p.independentSystemicFailure.lo,
        hi: p.independentSystemicFailure.hi,
      },
    ]),
  );
  const acc = curves.flatMap((c) =>
    c.points.flatMap((p) => [
      { k: p.k, pool: POOL[c.pool], measure: 'oracle (any model right)', value: p.oracle.mean },
      { k: p.k, pool: POOL[c.pool], measure: 'majority vote', value: p.majorityVote.mean },
      ...(p.meanProbability ? [{ k: p.k, pool: POOL[c.pool], measure: 'mean-probability ensemble', value: p.meanProbability.mean }] : []),
    ]),
  );
  const subsets = curves
    .map(
      (c) =>
        `${POOL[c.pool]}: ${c.points.some((p) => !p.exhaustive) ? `up to ${Math.max(...c.points.map((p) => p.subsets))} subsets per k` : 'every subset'}${c.note ? ` (${c.note})` : ''}`,
    )
    .join('; ');
  const color = {
    field: 'pool',
    type: 'nominal',
    title: 'pool',
    sort: pools,
    scale: { domain: pools, range: ['#2563eb', '#dc2626', '#16a34a'] },
    legend: { labelLimit: 0, symbolType: 'stroke' },
  };
  return [
    {
      id: `${idPrefix}-curve-sfr`,
      title: 'Systemic failure as models are added',
      caption: `Share of examples that every one of k models gets wrong (solid), mean over subsets of size k, against the same rate if the k models failed independently at their own error rates (dashed, Π(1 − acc)). A solid line far above its dashed line: adding models does not rescue the examples everyone fails. Band: 2.5–97.5% of subsets. ${subsets}.`,
      spec: {
        width: 320,
        height: 220,
        data: { values: sfr },
        layer: [
          {
            transform: [{ filter: "datum.series === 'observed'" }],
            mark: { type: 'area', opacity: 0.12 },
            encoding: { x: { field: 'k', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
          },
          {
            mark: { type: 'line', point: { size: 18 } },
            encoding: {
              x: { field: 'k', type: 'quantitative', title: 'models in the ensemble (k)', axis: { tickMinStep: 1 } },
              y: { field: 'value', type: 'quantitative', title: 'examples every model gets wrong', scale: { type: 'sqrt' }, axis: { format: '.1%' } },
              color,
              strokeDash: {
                field: 'series',
                type: 'nominal',
                title: null,
                sort: ['observed', 'if independent'],
                scale: {
                  domain: ['observed', 'if independent'],
                  range: [
                    [1, 0],
                    [4, 3],
                  ],
                },
                legend: { labelLimit: 0, symbolType: 'stroke', symbolStrokeColor: '#374151' },
              },
            },
          },
        ],
      },
    },
    {
      id: `${idPrefix}-curve-accuracy`,
      title: 'Ensemble accuracy as models are added',
      caption: `Oracle accuracy (at least one of the k models right), majority-vote accuracy (ties → lowest class index) and mean-probability ensemble accuracy${acc.some((v) => v.measure.startsWith('mean')) ? '' : ' (not drawn: some model stored no probabilities)'}, mean over subsets of size k. The gap between pools is what diversity buys: seeds of one recipe against distinct recipes. ${subsets}.`,
      spec: {
        width: 320,
        height: 220,
        data: { values: acc },
        mark: { type: 'line', point: { size: 18 } },
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'models in the ensemble (k)', axis: { tickMinStep: 1 } },
          y: { field: 'value', type: 'quantitative', title: 'accuracy', scale: { zero: false }, axis: { format: '.0%' } },
          color,
          strokeDash: {
            field: 'measure',
            type: 'nominal',
            title: 'measure',
            scale: {
              range: [
                [1, 0],
                [6, 3],
                [2, 2],
              ],
            },
            legend: { labelLimit: 0, symbolType: 'stroke', symbolStrokeColor: '#374151' },
          },
        },
      },
    },
  ];
}
