/**
 * `--baseline <name...>`: resolves committed baselines into external leaderboard rows through
 * `src/baselines/` when it provides a loader:
 *
 *   export function externalRowsFor(names: string[], ctx: { runDir: string; suite: Suite }): ExternalRow[] | Promise<ExternalRow[]>
 *
 * Until it does, the names are accepted, and the report says baselines are not available yet.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Suite } from '../spec/types.js';
import type { BaselineRequest, ExternalRow } from './external-rows.js';

type Loader = (names: string[], ctx: { runDir: string; suite: Suite }) => ExternalRow[] | Promise<ExternalRow[]>;

async function findLoader(): Promise<Loader | null> {
  for (const ext of ['.js', '.ts']) {
    const url = new URL(`../baselines/index${ext}`, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    const mod = (await import(url.href)) as { externalRowsFor?: Loader };
    return typeof mod.externalRowsFor === 'function' ? mod.externalRowsFor : null;
  }
  return null;
}

export async function resolveBaselines(names: readonly string[], ctx: { runDir: string; suite: Suite }): Promise<BaselineRequest> {
  if (!names.length) return { names: [], rows: [], note: '' };
  const loader = await findLoader();
  if (!loader) {
    return { names, rows: [], note: `Baselines requested (${names.join(', ')}) but baseline loading is not available yet in this divbench: no rows were added.` };
  }
  const rows = await loader([...names], ctx);
  const found = new Set(rows.map((r) => r.id));
  return { names, rows, note: rows.length ? '' : `No baseline rows found for ${names.join(', ')}${found.size ? '' : ' (check the names under reports/baselines/<suite>/)'}.` };
}
