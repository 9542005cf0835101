/** Checks that every cell's model accepts its dataset's kind (e.g. a `cnn` network needs images). */
import { registry } from '../registry/index.js';
import type { Cell } from './types.js';

export function incompatibleCells(cells: Cell[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    const kind = registry.datasets[c.dataset.type]?.kind;
    const def = registry.models[c.model.type];
    if (!kind || !def) continue;
    const accepts = def.acceptsFor ? def.acceptsFor(c.model.params) : def.accepts;
    const key = `${c.dataset.id}/${c.model.id}`;
    if (accepts.includes(kind) || seen.has(key)) continue;
    seen.add(key);
    if (c.architecture && c.model.id.includes('.')) {
      out.push(
        `Architecture '${c.architecture.id}' needs ${accepts.join(' or ')} data but dataset '${c.dataset.id}' is ${kind}; add an exclude entry { dataset: ${c.dataset.id}, architecture: ${c.architecture.id} } or drop one of them`,
      );
    } else {
      out.push(
        `Model '${c.model.id}' (${def.family}) needs ${accepts.join(' or ')} data but dataset '${c.dataset.id}' is ${kind}; add an exclude entry { dataset: ${c.dataset.id}, model: ${c.model.id} } or drop one of them`,
      );
    }
  }
  return out;
}
