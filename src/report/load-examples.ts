/**
 * Loads a dataset's examples in the report process (plain Node, no tfjs) for the systemic-failure
 * gallery. Only when the loaded content hash matches the one the cells trained on: otherwise the
 * gallery would show other images than the models saw.
 */
import { dirname } from 'node:path';
import type { LoadedDataset } from '../registry/types.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { ComponentSpec, Suite } from '../spec/types.js';

export type ExamplesResult = { ok: true; data: LoadedDataset } | { ok: false; reason: string };

export async function loadExamples(suite: Suite, dataset: ComponentSpec, expectedHash: string | undefined): Promise<ExamplesResult> {
  const def = registry.datasets[dataset.type];
  if (!def) return { ok: false, reason: `dataset type '${dataset.type}' is not registered in this divbench` };
  try {
    const suiteDir = suite.file ? dirname(suite.file) : process.cwd();
    const data = await def.load(dataset.params, { packageRoot: PACKAGE_ROOT, suiteDir, env: process.env });
    if (expectedHash && data.hash !== expectedHash) return { ok: false, reason: 'the dataset found now differs from the one the run trained on (content hash changed)' };
    return { ok: true, data };
  } catch (e) {
    return { ok: false, reason: `the dataset could not be loaded here (${e instanceof Error ? e.message : String(e)})` };
  }
}
