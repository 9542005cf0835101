/**
 * One resolver for a baseline given on the command line (`report --baseline`, `compare --baseline`):
 * a path (contains '/' or '\') is taken as the folder; a name is looked up under <root>/<suite>/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { MANIFEST_FILE, nameProblem } from './manifest/names.js';

/** The baseline names present for a suite (folders under <root>/<suite>/), sorted. */
function availableBaselines(suite: string, root = DEFAULT_BASELINES_ROOT): string[] {
  const dir = join(root, suite);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort();
}

/** A run folder is not a baseline: it has to be submitted (verified, compacted) first. */
function runFolderHint(dir: string): string | null {
  if (existsSync(join(dir, MANIFEST_FILE)) || !existsSync(join(dir, 'suite.json'))) return null;
  return `${dir} is a run folder, not a baseline: submit it first with \`divbench submit ${dir} --name <name>\`, then pass --baseline <name>`;
}

export const DEFAULT_BASELINES_ROOT = 'reports/baselines';

export function resolveBaselinePath(name: string, suite: string, root = DEFAULT_BASELINES_ROOT): string {
  if (name.includes('/') || name.includes('\\')) {
    if (!existsSync(name)) throw new UsageError(`baseline folder ${name} does not exist`);
    const hint = runFolderHint(name);
    if (hint) throw new UsageError(hint);
    return resolve(name);
  }
  const p = nameProblem('baseline name', name);
  if (p) throw new UsageError(p);
  const dir = join(root, suite, name);
  if (!existsSync(dir)) {
    const names = availableBaselines(suite, root);
    const known = names.length ? `available for suite '${suite}': ${names.join(', ')}` : `there is none for suite '${suite}' yet`;
    throw new UsageError(
      `no baseline '${name}' for suite '${suite}' under ${root}; ${known} (submit one with divbench submit <run-dir> --name ${name}, or give a baseline folder path)`,
    );
  }
  return resolve(dir);
}
