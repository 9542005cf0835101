/**
 * Per class: each model's accuracy on each class (a shaded grid), and per-class systemic failure
 * (docs/metrics.md §1.1 with classes as groups): which classes every model fails, each class's
 * all-fail share against independence, and the worst class's H.
 */
import type { ValidatedPredictions } from '../../analysis/index.js';
import { perClassAnalysis } from '../../analysis/per-class.js';
import { fixed, int, pct, plural } from '../format.js';
import type { PerClassView } from '../types.js';

/** The per-model grid is drawn up to this many models (above it: the class table only). */
export const PER_CLASS_MODEL_ROWS = 48;

export function buildPerClass(p: ValidatedPredictions, classNames?: readonly string[]): PerClassView {
  const r = perClassAnalysis(p.labels, p.preds, p.numClasses);
  const name = (g: number) => classNames?.[g] ?? `class ${g}`;
  const label = (m: number) => {
    const f = p.factors[m];
    if (f?.architecture) return `${f.architecture} / ${f.optimizer ?? '?'} / s${f.seed ?? '?'}`;
    return f?.model ? `${f.model} / s${f.seed ?? '?'}` : p.ids[m];
  };
  const shade = (a: number) => Math.max(0, Math.min(9, Math.floor(a * 10)));
  const summary: string[] = [];
  summary.push(
    r.failedByAll.length
      ? `Failed by every model (each model wrong on more than half of it): ${r.failedByAll.map((g) => `${name(g)} (mean accuracy ${pct(r.classes.find((c) => c.classIndex === g)!.meanAccuracy, 1)})`).join(', ')}.`
      : 'No class is failed by every model (for every class, some model gets at least half of it right).',
  );
  if (r.worstClass !== null && r.log2HWorst !== null) {
    summary.push(
      `Worst class by group-level homogenization: ${name(r.worstClass)}, log₂ H_worst = ${fixed(r.log2HWorst, 2)} (H_worst = Π_m fail_class(m) / Π_m fail(m)); over all classes log₂ H_unif = ${r.log2HUniform === null ? `n/a (${r.reasons.log2HUniform})` : fixed(r.log2HUniform, 2)}.`,
    );
  } else summary.push(`Group-level H is undefined: ${r.reasons.hWorst ?? 'no class'}.`);
  const models =
    p.ids.length <= PER_CLASS_MODEL_ROWS
      ? p.ids.map((_, m) => ({
          label: label(m),
          cellId: p.ids[m],
          cells: r.classes.map((c) => ({
            display: pct(c.accuracy[m], 1),
            level: shade(c.accuracy[m]),
            title: `${label(m)} on ${name(c.classIndex)}: ${int(Math.round(c.accuracy[m] * c.n))} of ${int(c.n)} right`,
          })),
        }))
      : [];
  return {
    classes: r.classes.map((c) => ({
      label: name(c.classIndex),
      n: int(c.n),
      meanAccuracy: pct(c.meanAccuracy, 1),
      range: `${pct(Math.min(...c.accuracy), 1)} – ${pct(Math.max(...c.accuracy), 1)}`,
      allFail: `${pct(c.allFailShare, 1)} (${int(c.allFailCount)})`,
      independent: c.independentShare < 1e-4 ? c.independentShare.toExponential(1) : pct(c.independentShare, 2),
      log2h: c.log2GroupH === null ? 'n/a' : fixed(c.log2GroupH, 2),
      failedByAll: c.failedByAll,
      worst: c.classIndex === r.worstClass,
    })),
    classNames: r.classes.map((c) => name(c.classIndex)),
    models,
    summary,
    note: models.length
      ? ''
      : `Per-model accuracies are shown up to ${PER_CLASS_MODEL_ROWS} models (this dataset has ${plural(p.ids.length, 'model')}); the class table covers all of them.`,
  };
}
