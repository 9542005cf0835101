/**
 * Leaderboard metrics and their direction. The report derives arrows and sort order from
 * `lowerIsBetter`; no report code branches on a metric's name.
 */
import type { CellSummary, Estimate } from '../harness/results.js';

export interface MetricDefinition {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly lowerIsBetter: boolean;
  /** Value shown and sorted on (null: not available). */
  value(s: CellSummary): number | null;
  ci?(s: CellSummary): [number, number] | null;
  format(v: number): string;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const pp = (v: number) => `${(v * 100).toFixed(2)}`;
const rate = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));
const ci = (e: Estimate | undefined) => e?.ci95 ?? null;

export const LEADERBOARD_METRICS: MetricDefinition[] = [
  { id: 'accuracy', label: 'Held-out accuracy', description: 'Mean held-out (out-of-fold) accuracy over folds, with a t-based 95% CI (descriptive: folds share training data)', lowerIsBetter: false, value: (s) => s.heldOutAccuracy.mean, ci: (s) => ci(s.heldOutAccuracy), format: pct },
  { id: 'gap', label: 'Gap (pp)', description: 'Generalization gap: training accuracy (inference mode) − held-out accuracy, in percentage points', lowerIsBetter: true, value: (s) => s.gap.mean, ci: (s) => ci(s.gap), format: pp },
  { id: 'test-accuracy', label: 'Test accuracy', description: 'Official test split scored by every fold model (mean over folds)', lowerIsBetter: false, value: (s) => s.testAccuracy?.mean ?? null, ci: (s) => ci(s.testAccuracy), format: pct },
  { id: 'train-rate', label: 'Train samples/s', description: 'Training examples per second: median over epochs after the first, over all folds', lowerIsBetter: false, value: (s) => s.trainSamplesPerSec, format: rate },
  { id: 'infer-rate', label: 'Inference samples/s', description: 'Inference examples per second at the throughput batch size (tinybench, after warm-up), measured with no other cell measuring', lowerIsBetter: false, value: (s) => s.inference.samplesPerSec, format: rate },
];
