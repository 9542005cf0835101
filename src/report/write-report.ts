/** `divbench report`: read a run folder, build the view model, write `index.html` beside the results. */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../harness/atomic-write.js';
import { loadRun } from './load-run.js';
import { renderHtml } from './render.js';
import { buildLeaderboard } from './view-model.js';

export interface ReportOptions { readonly out?: string }

export async function writeReport(runDir: string, options: ReportOptions): Promise<string> {
  const run = loadRun(runDir);
  const html = renderHtml(buildLeaderboard(run));
  const out = resolve(options.out ?? join(run.dir, 'index.html'));
  writeFileAtomic(out, html);
  return out;
}
