/**
 * `divbench analyze <predictions.json | run-dir>`: the homogenization analysis on predictions from
 * anywhere (the documented JSON format, see src/analysis/predictions-input.ts) or from a run folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { analyzePredictions, type AnalysisResult } from '../analysis/headline.js';
import { validatePredictionsInput, type ValidatedPredictions } from '../analysis/predictions-input.js';
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
      throw new UsageError(`${path}: ${datasetId === undefined ? 'the run has several datasets' : `no completed cells of dataset '${datasetId}'`}; pick one with --dataset (${datasets.map((d) => d.datasetId).join(', ')})`);
    }
    return { data: chosen.predictions, dataset: chosen.datasetId };
  }
  if (datasetId !== undefined) throw new UsageError('--dataset applies to run folders only');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new PredictionsError(`${path}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). analyze takes a predictions .json ({labels, numClasses, models: {id: {pred, prob?}}}; see the README) or a run folder`);
  }
  return { data: validatePredictionsInput(raw, path) };
}

const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
const ci = (c?: { lo: number | null; hi: number | null }) => (c && c.lo !== null ? ` [${f(c.lo)}, ${f(c.hi)}]` : '');

/** A readable text summary of an analysis. */
export function formatSummary(r: AnalysisResult): string {
  const b = r.bootstrap;
  const sf = r.systemicFailure;
  const lines = [
    `${r.models.length} models × ${r.examples} examples × ${r.numClasses} classes`,
    `mean accuracy          ${f(r.meanAccuracy)}${ci(b?.meanAccuracy)}`,
    `oracle accuracy        ${f(r.oracleAccuracy, 4)}${ci(b?.oracleAccuracy)}`,
    `error consistency κ̄    ${f(r.errorConsistency.mean)}${ci(b?.errorConsistencyMean)}  (κ_max ${f(r.errorConsistency.meanKappaMax)}; ${r.errorConsistency.excluded} pair(s) excluded)`,
    `systemic failure       observed ${f(sf.observed, 4)} vs independent ${sf.independent.toExponential(2)}; log₂H ${f(sf.log2h, 2)}${ci(b?.log2h)}; NSF ${f(sf.nsf)}${ci(b?.nsf)}`,
    `${`CAPA κ̄_p (${r.capa.kind})`.padEnd(23)}${f(r.capa.mean)}${ci(b?.capaMean)}`,
  ];
  if (r.cka) lines.push(`debiased linear CKA    ${f(r.cka.mean)}  (biased ${f(r.cka.biased.mean)}${r.cka.withinFolds ? ', within folds' : ''})`);
  const d = r.diversity;
  lines.push(
    `secondary              Fleiss κ labels ${f(d.fleissKappaLabels)}, Cohen κ labels ${f(d.cohenKappaLabels.mean)}, disagreement ${f(d.disagreement.mean)}, double fault ${f(d.doubleFault.mean)}, Q ${f(d.q.mean)}, ρ ${f(d.rho.mean)}`,
    `                       KW ${f(d.kohaviWolpert)}, E ${f(d.entropy)}, κ ${f(d.interraterKappa)}, θ ${f(d.difficulty)}, GD ${f(d.generalizedDiversity)}, CFD ${f(d.coincidentFailureDiversity)}`,
  );
  if (r.attribution) {
    const a = r.attribution.errorConsistency;
    lines.push(`EC κ̄ by factor         seed only ${f(a.seed.mean)} (${a.seed.pairs}), optimizer ${f(a.optimizer.mean)} (${a.optimizer.pairs}), architecture ${f(a.architecture.mean)} (${a.architecture.pairs}), both ${f(a.both.mean)} (${a.both.pairs})`);
  }
  lines.push('accuracy by model:');
  for (const id of r.models) lines.push(`  ${id.padEnd(24)} ${f(r.accuracy[id])}${r.calibration[id] ? `  ECE ${f(r.calibration[id]?.ece)}` : ''}`);
  if (b) lines.push(`CIs: ${Math.round(b.meanAccuracy.level * 100)}% paired percentile bootstrap, ${b.meanAccuracy.resamples} resamples, seed ${b.meanAccuracy.seed}`);
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
    .action(action(async (input: string, o: { json?: boolean; bootstrap: number; seed: number; dataset?: string }) => {
      process.stdout.write(await runAnalyze(input, o));
    }));
}
