/**
 * Expands a suite into cells: datasets × architectures × optimizers × seeds, in that nesting
 * order, filtered by `include` (keep cells matching any entry) and then `exclude`.
 */
import { dirname } from 'node:path';
import type { FilterSpec } from './schema.js';
import type { Cell, ComponentSpec, Suite } from './types.js';

export function cellId(dataset: string, architecture: string, optimizer: string, seed: number): string {
  return `${dataset}.${architecture}.${optimizer}.s${seed}`;
}

function matches(f: FilterSpec, d: ComponentSpec, a: ComponentSpec, o: ComponentSpec, seed: number): boolean {
  return (f.dataset === undefined || f.dataset === d.id)
    && (f.architecture === undefined || f.architecture === a.id)
    && (f.optimizer === undefined || f.optimizer === o.id)
    && (f.seed === undefined || f.seed === seed);
}

export function expandMatrix(suite: Suite): Cell[] {
  const cells: Cell[] = [];
  for (const d of suite.datasets) for (const a of suite.architectures) for (const o of suite.optimizers) for (const seed of suite.seeds) {
    if (suite.include?.length && !suite.include.some((f) => matches(f, d, a, o, seed))) continue;
    if (suite.exclude?.some((f) => matches(f, d, a, o, seed))) continue;
    cells.push({
      id: cellId(d.id, a.id, o.id, seed),
      suite: suite.name,
      dataset: d,
      architecture: a,
      optimizer: o,
      seed,
      protocol: suite.protocol,
      suiteDir: dirname(suite.file),
    });
  }
  return cells;
}
