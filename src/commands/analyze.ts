/**
 * `divbench analyze <predictions.json | run-dir>`: the homogenization analysis on predictions from
 * anywhere (the documented JSON format, see src/analysis/predictions-input.ts) or from a run folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { analyzePredictions, type AnalysisResult } from '../analysis/headline.js';
import { validatePredictionsInput, type ValidatedPredictions } from '../analysis/predictions-input.js';
import { formatInterval, type Interval } from '../analysis/interval.js';
import { PredictionsError, UsageError } from '../errors.js';
import { action } from './action.js';
import { loadRunDatasets } from '../store/read-predictions.js';

function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got '${value}'`);
    return n;
  };
}

async function loadInput(path: string, datasetId?: string): Promise<{ data: ValidatedPredictions; dataset?: string }> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new UsageError(`${path}: no such file or folder (give a predictions .json file or a run folder)`);
  if (s.isDirectory()) {
    const datasets = loadRunDatasets(path);
    if (datasets.length === 0) throw new UsageError(`${path}: the run has no completed cell to analyse`);
    const chosen = datasetId === undefined ? (datasets.length === 1 ? datasets[0] : undefined) : datasets.find((d) => d.datasetId === datasetId);
    if (!chosen) {
      throw new UsageError(
        `${path}: ${datasetId === undefined ? 'the run has several datasets' : `no completed cells of dataset '${datasetId}'`}; pick one with --dataset (${datasets.map((d) => d.datasetId).join(', ')})`,
      );
    }
    return { data: chosen.predictions, dataset: chosen.datasetId };
  }
  if (datasetId !== undefined) throw new UsageError('--dataset applies to run folders only');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new PredictionsError(
      `${path}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). analyze takes a predictions .json ({labels, numClasses, models: {id: {pred, prob?}}}; see the README) or a run folder`,
    );
  }
  return { data: validatePredictionsInput(raw, path) };
}

const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
const ci = (c?: { lo: number | null; hi: number | null }) => (c && c.lo !== null ? ` [${f(c.lo)}, ${f(c.hi)}]` : '');
/** An interval with −∞ shown as such and its undefined resamples counted. */
const ciText = (c: Interval) => {
  const t = formatInterval(c, (x) => x.toFixed(3)) || '[n/a]';
  return c.undefinedResamples ? `${t} (${c.undefinedResamples} of ${c.resamples} resamples undefined)` : t;
};

/** A readable text summary of an analysis. */
/** Width on a terminal: combining marks (the bar of κ̄) take no column. */
const columns = (t: string) => [...t.replace(/[\u0300-\u036f]/g, '')].length;
/** The label column of the summary, padded to one width whatever the marks in it. */
const LABEL = 23;
const label = (t: string) => `${t}${' '.repeat(Math.max(1, LABEL - columns(t)))}`;
/** A value, or "n/a (why)". */
const na = (v: number | null | undefined, reason: string | undefined, d = 3) => (v === null || v === undefined ? `n/a (${reason ?? 'undefined'})` : f(v, d));
/** Why a mean over pairs is missing: the reasons its pairs were left out. */
const pairReason = (m: { excludedReasons?: Record<string, number> }) => Object.keys(m.excludedReasons ?? {}).join('; ') || 'no defined pair';

/** A readable text summary of an analysis (labels in one column; every n/a says why). */
function formatSummary(r: AnalysisResult): string {
  const b = r.bootstrap;
  const sf = r.systemicFailure;
  const lines = [
    `${r.models.length} models × ${r.examples} examples × ${r.numClasses} classes`,
    `${label('mean accuracy')}${f(r.meanAccuracy)}${ci(b?.meanAccuracy)}`,
    `${label('oracle accuracy')}${f(r.oracleAccuracy, 4)}${ci(b?.oracleAccuracy)}`,
    `${label('error consistency κ̄')}${na(r.errorConsistency.mean, pairReason(r.errorConsistency))}${ci(b?.errorConsistencyMean)}  (κ_max ${na(r.errorConsistency.meanKappaMax, pairReason(r.errorConsistency))}; ${r.errorConsistency.excluded} pair(s) excluded)`,
    `${label('systemic failure')}observed ${f(sf.observed, 4)} vs independent ${sf.independent.toExponential(2)}; log₂H ${na(sf.log2h, sf.reasons.log2h, 2)}${ci(b?.log2h)}; NSF ${na(sf.nsf, sf.reasons.nsf)}${ci(b?.nsf)}`,
    `${label(`CAPA κ̄_p (${r.capa.kind})`)}${na(r.capa.mean, pairReason(r.capa as { excludedReasons?: Record<string, number> }))}${ci(b?.capaMean)}`,
  ];
  if (r.cka)
    lines.push(
      `${label('debiased linear CKA')}${na(r.cka.mean, pairReason(r.cka as { excludedReasons?: Record<string, number> }))}  (biased ${na(r.cka.biased.mean, pairReason(r.cka.biased as { excludedReasons?: Record<string, number> }))}${r.cka.withinFolds ? ', within folds' : ''})`,
    );
  const d = r.diversity;
  const dr = d.reasons;
  lines.push(
    `${label('secondary')}Fleiss κ labels ${na(d.fleissKappaLabels, dr.fleissKappaLabels)}, Cohen κ labels ${na(d.cohenKappaLabels.mean, pairReason(d.cohenKappaLabels))}, disagreement ${na(d.disagreement.mean, pairReason(d.disagreement))}, double fault ${na(d.doubleFault.mean, pairReason(d.doubleFault))}, Q ${na(d.q.mean, pairReason(d.q))}, ρ ${na(d.rho.mean, pairReason(d.rho))}`,
    `${label('')}KW ${na(d.kohaviWolpert, dr.kohaviWolpert)}, E ${na(d.entropy, dr.entropy)}, κ ${na(d.interraterKappa, dr.interraterKappa)}, θ ${na(d.difficulty, dr.difficulty)}, GD ${na(d.generalizedDiversity, dr.generalizedDiversity)}, CFD ${na(d.coincidentFailureDiversity, dr.coincidentFailureDiversity)}`,
  );
  const v = r.vendi.errorConsistency;
  const tl = r.twoLevel;
  lines.push(
    `${label('effective models')}${r.models.length} models behave like ${na(v.value, (v as { reason?: string }).reason, 1)} (Vendi score on κ_EC)${tl?.vendi ? ` ${ciText(tl.vendi)}` : ''}`,
  );
  const hm = r.log2hFixedM;
  lines.push(
    `${label(`log₂ H at m = ${hm.m}`)}${na(hm.value, hm.zeroShare === 1 ? 'no subset has an all-fail example' : hm.undefinedSubsets ? 'every subset contains a perfect model' : 'no usable subset', 2)} (mean over ${hm.subsets}${hm.exhaustive ? ' (all)' : ' random'} ${hm.m}-subsets; ${(hm.zeroShare * 100).toFixed(1)}% have no all-fail example and are left out)`,
  );
  if (r.attribution) {
    const a = r.attribution.errorConsistency;
    const ref = a.sameRecipeReference;
    lines.push(`same-recipe reference  κ_EC ${f(ref.mean)}${ref.ci ? ` ${ciText(ref.ci)}` : ''} over ${ref.pairs} pair(s) that differ only in seed/streams`);
    lines.push(`attribution (OLS over ${a.pairs} pairs, at equal accuracy; CIs: ${a.terms.find((t) => t.ci)?.ci?.method ?? 'none'}):`);
    for (const t of a.terms) {
      if (!t.identifiable) lines.push(`  ${t.factor}: not identifiable — ${t.reason}`);
      else
        lines.push(
          `  sharing ${t.factor} ${(t.estimate ?? 0) >= 0 ? 'raises' : 'lowers'} κ_EC by ${f(Math.abs(t.estimate ?? 0))}${t.ci ? ` ${ciText(t.ci)}` : ''}${t.p !== null ? `, p = ${t.p.toPrecision(2)} (${t.permutations} permutations${t.permutedWithin.length ? ` within ${t.permutedWithin.join(', ')}` : ''})` : ''} — ${t.sharedPairs} of ${a.pairs} pairs share it`,
        );
    }
  }
  lines.push('accuracy by model:');
  const idWidth = Math.max(24, ...r.models.map(columns));
  for (const id of r.models)
    lines.push(
      `  ${id}${' '.repeat(idWidth - columns(id) + 1)}${f(r.accuracy[id])}${r.calibration[id] ? `  ECE ${na(r.calibration[id]?.ece, 'no probabilities')}` : ''}`,
    );
  if (b)
    lines.push(
      `CIs beside the indices: ${Math.round(b.meanAccuracy.level * 100)}% paired percentile bootstrap over examples with the models fixed, ${b.meanAccuracy.resamples} resamples, seed ${b.meanAccuracy.seed}`,
    );
  if (tl) {
    lines.push(`over training seeds too: ${tl.meanAccuracy.method}`);
    lines.push(`  mean accuracy ${ciText(tl.meanAccuracy)}, κ̄_EC ${ciText(tl.errorConsistencyMean)}, log₂H ${ciText(tl.log2h)}, NSF ${ciText(tl.nsf)}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** What `divbench analyze` prints (JSON or the text summary) for one input. */
export async function runAnalyze(input: string, o: { json?: boolean; bootstrap?: number; seed?: number; dataset?: string }): Promise<string> {
  const { data, dataset } = await loadInput(input, o.dataset);
  const result = analyzePredictions(data, { bootstrap: o.bootstrap ?? 1000, seed: o.seed ?? 0 });
  if (o.json) return `${JSON.stringify(dataset ? { dataset, ...result } : result, null, 2)}\n`;
  return `${dataset ? `dataset ${dataset}: ` : ''}${formatSummary(result)}`;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('homogenization analysis of predictions (a predictions .json file or a run folder)')
    .argument('<input>', 'predictions.json ({labels, numClasses, models: {id: {pred, prob?, features?}}}) or a run folder')
    .option('--json', 'print the full analysis as JSON')
    .option('--dataset <id>', 'with a run folder of several datasets: which one')
    .option('--bootstrap <n>', 'bootstrap resamples for the CIs (0 = none)', nonNegativeInt('--bootstrap'), 1000)
    .option('--seed <s>', 'seed of the bootstrap PRNG', nonNegativeInt('--seed'), 0)
    .action(
      action(async (input: string, o: { json?: boolean; bootstrap: number; seed: number; dataset?: string }) => {
        process.stdout.write(await runAnalyze(input, o));
      }),
    );
}
