/**
 * The answer first (issue 16 item 1): one computed sentence per dataset — how many distinct models
 * the suite behaves like (Vendi on κ_EC), what sharing the strongest factor does to κ_EC (with its
 * CI), and how often every model fails against the independence expectation — beside a compact
 * view of the headline indices.
 */
import { formatInterval, type AnalysisResult, type RegressionTerm } from '../../analysis/index.js';
import { fixed, pct } from '../format.js';
import type { TakeawayView } from '../types.js';

const small = (v: number) => (v === 0 ? '0' : v < 1e-3 ? v.toExponential(1) : pct(v, 2));

/** A factor shared by fewer pairs than this is named only when no better-supported one is identifiable. */
export const MIN_SHARED_PAIRS = 3;

/**
 * The term the sentence names: the largest |β| among identifiable terms shared by at least
 * MIN_SHARED_PAIRS pairs — one pair of forests sharing `model` can carry a large β on almost no
 * evidence — or, when none is, the largest overall (the sentence then says how few pairs it rests on).
 */
export function strongestTerm(terms: readonly RegressionTerm[]): RegressionTerm | undefined {
  const ok = terms.filter((t) => t.identifiable && t.estimate !== null);
  const supported = ok.filter((t) => t.sharedPairs >= MIN_SHARED_PAIRS);
  return [...(supported.length ? supported : ok)].sort((x, y) => Math.abs(y.estimate as number) - Math.abs(x.estimate as number))[0];
}

export function buildTakeaway(a: AnalysisResult, unit: string): TakeawayView {
  const M = a.models.length;
  const v = a.vendi.errorConsistency.value;
  const parts: string[] = [];
  const vci = a.twoLevel?.vendi;
  parts.push(
    `${M} models behave like ${v === null ? 'n/a' : fixed(v, 1)}${vci && formatInterval(vci, (x) => fixed(x, 1)) ? ` ${formatInterval(vci, (x) => fixed(x, 1))}` : ''} distinct ones (Vendi score on κ_EC)`,
  );
  const ec = a.attribution?.errorConsistency;
  const top = strongestTerm(ec?.terms ?? []);
  if (top && ec) {
    const ci = top.ci ? formatInterval(top.ci, (x) => fixed(x, 2)) : '';
    const support = `${top.sharedPairs} of ${ec.pairs} pairs share it${top.sharedPairs < MIN_SHARED_PAIRS ? ': too few to generalise' : ''}`;
    parts.push(
      `sharing ${top.factor} ${(top.estimate as number) >= 0 ? 'raises' : 'lowers'} κ_EC by ${fixed(Math.abs(top.estimate as number), 2)}${ci ? ` ${ci}` : ''} at equal accuracy (${support}${top.p !== null ? `; p ${top.p < 0.001 ? '< 0.001' : `= ${top.p.toFixed(3)}`}` : ''})`,
    );
  } else if (a.attribution) parts.push('no shared factor is identifiable from these models');
  const sf = a.systemicFailure;
  parts.push(`${small(sf.observed)} of ${unit} fail every model vs ${small(sf.independent)} if they failed independently`);
  const b = a.twoLevel ?? null;
  const chip = (label: string, value: string, title: string) => ({ label, value, title });
  const chips = [
    chip('κ̄_EC', a.errorConsistency.mean === null ? 'n/a' : fixed(a.errorConsistency.mean, 3), 'mean pairwise error consistency; 0 = independent errors'),
    chip(
      'same-recipe κ_EC',
      a.attribution?.errorConsistency.sameRecipeReference.mean == null ? '—' : fixed(a.attribution.errorConsistency.sameRecipeReference.mean, 3),
      'κ_EC over pairs that differ only in seed and random streams',
    ),
    chip(
      `log₂ H (m = ${a.log2hFixedM.m})`,
      a.log2hFixedM.value === null ? 'n/a' : fixed(a.log2hFixedM.value, 2),
      'doublings of all-fail examples over independence, at a fixed number of models (comparable across suites)',
    ),
    chip('NSF', sf.nsf === null ? 'n/a' : fixed(sf.nsf, 3), 'normalised systemic failure: 0 independent, 1 maximal'),
    chip('oracle', pct(a.oracleAccuracy), 'share of examples at least one model gets right'),
    chip('mean accuracy', `${pct(a.meanAccuracy)}${b ? ` ${formatInterval(b.meanAccuracy, pct)}` : ''}`, b ? b.meanAccuracy.method : 'no bootstrap'),
  ];
  return { sentence: `${parts.join('; ')}.`, chips };
}
