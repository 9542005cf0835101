/**
 * Maps a data path (`['optimizers', 2, 'params', 'lr']`) to a line in the YAML source, so errors can
 * say `suites/x.yaml:14`. Falls back to the nearest ancestor that exists in the document.
 */
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export type DataPath = ReadonlyArray<string | number>;

export function formatPath(path: DataPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || '(top level)';
}

/** 1-based line of the node at `path` (or of `key` inside it, when given). */
export function lineOf(doc: Document, lines: LineCounter, path: DataPath, key?: string): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | null | undefined;
    if (!node || !('range' in node) || !node.range) continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key);
      const k = pair && isPair(pair) && isScalar(pair.key) ? pair.key : undefined;
      if (k?.range) return lines.linePos(k.range[0]).line;
    }
    return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
