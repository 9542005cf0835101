// The steps of analyzePredictions (src/analysis/headline.ts) one at a time, for the benchmarks'
// per-measure breakdown (bench:analysis, bench:report). Keep in step with analyzePredictions.
import { agreementPlan, weightedAgreement } from '../src/analysis/agreement.js';
import { expectedCalibrationError } from '../src/analysis/calibration.js';
import { capa as capaMatrix, capaFromOverlap, probabilityPass } from '../src/analysis/capa.js';
import { accuracies, bothCorrectCounts, correctnessMatrix, failureCountHistogram } from '../src/analysis/correctness.js';
import { diversityCurves, log2hAtFixedM } from '../src/analysis/diversity-curves.js';
import { diversityMeasures } from '../src/analysis/diversity.js';
import { errorConsistency } from '../src/analysis/error-consistency.js';
import { recipeKey } from '../src/analysis/factors.js';
import { headlineAccumulator } from '../src/analysis/headline-bootstrap.js';
import { labelAgreement } from '../src/analysis/label-agreement.js';
import { pairRegressions } from '../src/analysis/pair-regression.js';
import type { ValidatedPredictions } from '../src/analysis/predictions-input.js';
import { systemicFailure } from '../src/analysis/systemic-failure.js';
import { twoLevelAccumulator } from '../src/analysis/two-level-bootstrap.js';
import { runResamples } from '../src/analysis/resample-batches.js';
import { vendiScore } from '../src/analysis/vendi.js';

/** The headline indices of analyzePredictions (no attribution, curves, Vendi or bootstrap). */
export function headline(input: ValidatedPredictions): number {
  const { labels, preds, numClasses: K } = input;
  const c = correctnessMatrix(labels, preds);
  const p = accuracies(c);
  const n11 = bothCorrectCounts(c);
  const ec = errorConsistency(c);
  const sf = systemicFailure(
    failureCountHistogram(c),
    Array.from(p, (v) => 1 - v),
  );
  const plan = agreementPlan(preds, K);
  const agree = weightedAgreement(plan, null);
  const allProbs = input.probs.every((x) => x !== undefined);
  // as analyzePredictions: with probabilities, overlap, mean correct probability and ECE in one pass
  const pass = allProbs ? probabilityPass(input.probs as Float64Array[], labels, K) : null;
  const capa = pass ? capaFromOverlap(pass.overlap, pass.pbar, labels.length, K, 'probabilistic') : capaFromOverlap(agree, p, labels.length, K, 'discrete');
  const lab = labelAgreement(preds, K, plan, agree);
  const div = diversityMeasures(c, n11);
  let ece = 0;
  if (pass) for (const r of pass.calibration) ece += r.ece;
  else for (const pr of input.probs) if (pr) ece += expectedCalibrationError(pr, labels, K).ece;
  return (ec.mean ?? 0) + (sf.nsf ?? 0) + (capa.mean ?? 0) + (lab.fleissKappa ?? 0) + div.kohaviWolpert + ece;
}

/** [label, run] for each measure of analyzePredictions(input, { bootstrap: B }), inputs prepared. */
export function analysisParts(input: ValidatedPredictions, B: number): [string, () => unknown][] {
  const { labels, preds, numClasses: K } = input;
  const M = preds.length;
  const n = labels.length;
  const c = correctnessMatrix(labels, preds);
  const p = accuracies(c);
  const ec = errorConsistency(c);
  const plan = agreementPlan(preds, K);
  const agree = weightedAgreement(plan, null);
  const allProbs = input.probs.every((x) => x !== undefined);
  const capa = allProbs ? capaMatrix({ labels, numClasses: K, preds, probs: input.probs }) : capaFromOverlap(agree, p, n, K, 'discrete');
  const recipes = input.ids.map((id, m) => recipeKey(input.factors[m] ?? {}) || id);
  const codes = preds.map((pr) => Uint8Array.from(pr, (v, x) => (v === labels[x] ? 1 : 0)));
  const failures = new Uint16Array(n);
  for (let x = 0; x < n; x++) failures[x] = M - c.correctPerExample[x];
  const o = { resamples: B, permutations: B, seed: 0, level: 0.95 };
  const probs = allProbs ? (input.probs as Float64Array[]) : undefined;
  return [
    [`headline indices${allProbs ? ' (with probabilities)' : ''}`, () => headline(input)],
    [
      'pair regressions, error consistency + CAPA (dyadic bootstrap + permutations, shared)',
      () => pairRegressions([ec.matrix, capa.matrix], p, input.factors, o),
    ],
    ['Vendi score (EC and CAPA)', () => [vendiScore(ec.matrix, { nullAs: 1 }), vendiScore(capa.matrix, { nullAs: 1 })]],
    ['log2 H at m = 5', () => log2hAtFixedM(c, { seed: 0 })],
    [
      'diversity curves (200 subsets per k)',
      () => diversityCurves({ labels, preds, probs: input.probs, numClasses: K, correctness: c, recipes }, { subsets: 200, seed: 0 }),
    ],
    [
      `headline + two-level bootstraps (${B}, one pass over shared example resamples)`,
      () => {
        const correctnessPlan = agreementPlan(codes, 2);
        const h = headlineAccumulator({ correctnessPlan, labelPlan: plan, failures, numClasses: K, labels, probs }, { resamples: B, seed: 0, level: 0.95 });
        const t = twoLevelAccumulator({ correctnessPlan, labelPlan: plan, correctness: c, numClasses: K, recipes }, { resamples: B, seed: 0, level: 0.95 });
        runResamples({ correctnessPlan, labelPlan: plan }, B, 0, [h, t]);
        return [h.finish(), t.finish()];
      },
    ],
  ];
}
