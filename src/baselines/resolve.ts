/**
 * One resolver for a baseline given on the command line (`report --baseline`, `compare --baseline`):
 * a path (contains '/' or '\') is taken as the folder; a name is looked up under <root>/<suite>/.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { nameProblem } from './manifest/names.js';

export const DEFAULT_BASELINES_ROOT = 'reports/baselines';

export function resolveBaselinePath(name: string, suite: string, root = DEFAULT_BASELINES_ROOT): string {
  if (name.includes('/') || name.includes('\\')) {
    if (!existsSync(name)) throw new UsageError(`baseline folder ${name} does not exist`);
    return resolve(name);
  }
  const p = nameProblem('baseline name', name);
  if (p) throw new UsageError(p);
  const dir = join(root, suite, name);
  if (!existsSync(dir)) throw new UsageError(`no baseline '${name}' for suite '${suite}' under ${root} (submit one with divbench submit <run-dir> --name ${name}, or give a baseline folder path)`);
  return resolve(dir);
}
