/**
 * Attribution by pairwise regression (METRICS §10.1): per similarity index, each shared factor's
 * coefficient β ("sharing the architecture raises κ by β at equal accuracy") with its dyadic
 * cluster bootstrap CI and permutation p-value, plus how many pairs share it. Factors that are not
 * identifiable are listed in the caption, not drawn. Replaces the old group-mean bars, which mixed
 * pairs that share randomness with pairs that do not.
 */
import type { PairRegressionResult } from '../../analysis/index.js';
import type { ChartView } from '../types.js';

const fmtP = (p: number | null) => (p === null ? 'p n/a' : p < 0.001 ? `p < 0.001` : `p = ${p.toFixed(3)}`);

export function attributionChart(id: string, byIndex: Array<{ index: string; result: PairRegressionResult }>): ChartView | null {
  const values = byIndex.flatMap(({ index, result }) =>
    result.terms
      .filter((t) => t.identifiable && t.estimate !== null)
      .map((t) => ({
        index,
        factor: `shares ${t.factor}`,
        beta: t.estimate as number,
        lo: t.ci?.lo ?? (t.estimate as number),
        hi: t.ci?.hi ?? (t.estimate as number),
        label: `${(t.estimate as number) >= 0 ? '+' : '−'}${Math.abs(t.estimate as number).toFixed(2)} · ${fmtP(t.p)} · ${t.sharedPairs}/${result.pairs} pairs`,
      })),
  );
  if (!values.length) return null;
  const missing = byIndex[0].result.terms.filter((t) => !t.identifiable).map((t) => `${t.factor} (${t.reason})`);
  const r = byIndex[0].result;
  const B = r.terms.find((t) => t.ci)?.ci?.resamples ?? 0;
  const factors = [...new Set(values.map((v) => v.factor))];
  const lo = Math.min(0, ...values.map((v) => v.lo));
  const hi = Math.max(0, ...values.map((v) => v.hi));
  const pad = (hi - lo) * 0.08 || 0.05;
  return {
    id,
    title: 'What makes two models alike: pairwise regression on what they share',
    caption: `Each bar is β from one least-squares fit over all ${r.pairs} pairs of models per index: similarity = β0 + Σ β_f·[pair shares f] + γ1·mean accuracy + γ2·|accuracy gap|. β_f is how much sharing f raises the index at equal accuracy, holding the other shared factors fixed — so pairs that share a random stream (seed, data order) are not mixed with pairs that do not. Whiskers: 95% dyadic cluster bootstrap CI (${B} resamples of models; pairs of two distinct drawn models); p: permutation test of f's labels across models (within the levels of the other factors where possible). "x/y pairs" = how many of the pairs share f.${missing.length ? ` Not identifiable (not drawn): ${missing.join('; ')}.` : ''}`,
    spec: {
      data: { values },
      facet: {
        row: {
          field: 'index',
          type: 'nominal',
          title: null,
          sort: byIndex.map((b) => b.index),
          header: { labelFontSize: 12, labelFontWeight: 600, labelAngle: 0, labelAlign: 'left' },
        },
      },
      spec: {
        width: 360,
        height: { step: 26 },
        encoding: {
          y: { field: 'factor', type: 'nominal', sort: factors, title: null, axis: { labelLimit: 220 } },
        },
        layer: [
          { mark: { type: 'rule', color: '#9ca3af', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
          {
            mark: { type: 'rule', strokeWidth: 2, color: '#1d4ed8' },
            encoding: {
              x: {
                field: 'lo',
                type: 'quantitative',
                title: 'change in similarity when the pair shares the factor (β, 95% CI)',
                scale: { domain: [lo - pad, hi + pad] },
                axis: { tickCount: 5 },
              },
              x2: { field: 'hi' },
            },
          },
          { mark: { type: 'point', filled: true, size: 60, color: '#1d4ed8' }, encoding: { x: { field: 'beta', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'left', dx: 6, dy: -9, fontSize: 10, color: '#374151' },
            encoding: { x: { field: 'beta', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
      resolve: { scale: { x: 'shared', y: 'independent' } },
    },
  };
}
