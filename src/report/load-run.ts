/** Reads a run folder (files only — a report never retrains). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvInfo } from '../harness/env-info.js';
import type { CellResult } from '../harness/results.js';
import { readAllResults, requireRunDir } from '../harness/run-dir.js';
import type { Suite } from '../spec/types.js';

export interface LoadedRun {
  readonly dir: string;
  readonly runId: string;
  readonly suite: Suite;
  readonly env: (EnvInfo & { backendRequested?: string; jobs?: number }) | null;
  readonly results: CellResult[];
}

export function loadRun(dir: string): LoadedRun {
  const abs = requireRunDir(dir);
  const suite = JSON.parse(readFileSync(join(abs, 'suite.json'), 'utf8')) as Suite;
  const envPath = join(abs, 'env.json');
  const env = existsSync(envPath) ? (JSON.parse(readFileSync(envPath, 'utf8')) as LoadedRun['env']) : null;
  return { dir: abs, runId: abs.split(/[\\/]/).pop()!, suite, env, results: readAllResults(abs) };
}
