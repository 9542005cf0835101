/**
 * Loads a dataset's examples in the report process (plain Node, no tfjs) for the systemic-failure
 * gallery. Only when the loaded content hash matches the one the cells trained on: otherwise the
 * gallery would show other images than the models saw.
 */
import { dirname, isAbsolute } from 'node:path';
import { DivbenchError } from '../errors.js';
import { loadSuite } from '../spec/load-suite.js';
import { canonicalJson } from '../store/cell-key.js';
import type { LoadedDataset } from '../registry/types.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { registry } from '../registry/index.js';
import type { ComponentSpec, Suite } from '../spec/types.js';

export type ExamplesResult = { ok: true; data: LoadedDataset } | { ok: false; reason: string };

export async function loadExamples(suite: Suite, dataset: ComponentSpec, expectedHash: string | undefined): Promise<ExamplesResult> {
  const def = registry.datasets[dataset.type];
  if (!def) return { ok: false, reason: `dataset type '${dataset.type}' is not registered in this divbench` };
  // suite.json is data from a folder that may come from anywhere: its paths are followed only
  // through the suite file it names, when that file still parses to the same suite (so a forged
  // suite.json cannot make the report open /etc/shadow), and no loader message (which may quote
  // the file) reaches the report.
  const trusted = sameSuiteOnDisk(suite);
  if (trusted !== true) return { ok: false, reason: trusted };
  try {
    const suiteDir = dirname(suite.file);
    const data = await def.load(dataset.params, { packageRoot: PACKAGE_ROOT, suiteDir, env: process.env });
    if (expectedHash && data.hash !== expectedHash)
      return { ok: false, reason: 'the dataset found now differs from the one the run trained on (content hash changed)' };
    return { ok: true, data };
  } catch (e) {
    return {
      ok: false,
      reason: `the dataset could not be loaded here${e instanceof DivbenchError ? ` (${e.code}; \`divbench run\` on the suite says why)` : ''}`,
    };
  }
}

function sameSuiteOnDisk(suite: Suite): true | string {
  if (typeof suite.file !== 'string' || !isAbsolute(suite.file)) return 'the run does not name its suite file';
  try {
    const onDisk = loadSuite(suite.file);
    return canonicalJson({ ...onDisk, file: '' }) === canonicalJson({ ...suite, file: '' })
      ? true
      : "the suite file the run names has changed since (or is not this run's suite)";
  } catch {
    return 'the suite file the run names is not readable here';
  }
}
