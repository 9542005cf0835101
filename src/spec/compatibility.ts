/** Checks that every cell's architecture accepts its dataset's kind (e.g. `cnn` needs images). */
import { registry } from '../registry/index.js';
import type { Cell } from './types.js';

export function incompatibleCells(cells: Cell[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    const kind = registry.datasets[c.dataset.type]?.kind;
    const accepts = registry.architectures[c.architecture.type]?.accepts;
    const key = `${c.dataset.id}/${c.architecture.id}`;
    if (!kind || !accepts || accepts.includes(kind) || seen.has(key)) continue;
    seen.add(key);
    out.push(`Architecture '${c.architecture.id}' needs ${accepts.join(' or ')} data but dataset '${c.dataset.id}' is ${kind}; add an exclude entry { dataset: ${c.dataset.id}, architecture: ${c.architecture.id} } or drop one of them`);
  }
  return out;
}
