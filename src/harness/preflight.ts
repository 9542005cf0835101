/**
 * Loads each dataset of the suite once in the parent (plain Node, no tfjs) before any cell starts:
 * a missing or corrupt file is a clear error with exit code 2 instead of N failed cells, and the
 * content hash feeds the resume keys.
 */
import { DatasetError, DivbenchError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { ComponentSpec, Suite } from '../spec/types.js';
import { dirname } from 'node:path';

export interface DatasetSummary {
  readonly id: string;
  readonly hash: string;
  readonly n: number;
  readonly numClasses: number;
  readonly source: string;
  readonly testN?: number;
}

export async function preflightDatasets(suite: Suite, datasets: ComponentSpec[] = suite.datasets): Promise<Map<string, DatasetSummary>> {
  const out = new Map<string, DatasetSummary>();
  for (const ds of datasets) {
    try {
      const d = await registry.datasets[ds.type].load(ds.params, { packageRoot: PACKAGE_ROOT, suiteDir: dirname(suite.file), env: process.env });
      const minFolds = suite.protocol.folds;
      if (d.n < minFolds) throw new DatasetError(`dataset '${ds.id}' has ${d.n} examples, fewer than protocol.folds (${minFolds})`);
      const bad = firstNonFinite(d.x);
      if (bad >= 0) {
        const row = Math.floor(bad / Math.max(1, d.x.length / d.n));
        throw new DatasetError(
          `dataset '${ds.id}' (${ds.type}): example ${row} holds a non-finite value (${d.x[bad]}), beyond float32's range or NaN; fix the data or its params`,
        );
      }
      out.set(ds.id, { id: ds.id, hash: d.hash, n: d.n, numClasses: d.numClasses, source: d.source, ...(d.test ? { testN: d.test.n } : {}) });
    } catch (e) {
      if (e instanceof DivbenchError) throw e;
      throw new DatasetError(`dataset '${ds.id}' (${ds.type}) failed to load: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  return out;
}

function firstNonFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}
