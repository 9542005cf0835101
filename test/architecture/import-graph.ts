/**
 * The import graph of src/ (static `import … from`, `export … from` and literal `import()`, type-only
 * imports included: they are dependencies of the design even when erased), for the layering tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const SRC = resolve(import.meta.dirname, '../../src');

export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** file (relative to src/, e.g. 'store/results.ts') → the src files it imports. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = (m[1] ?? m[2]).replace(/\.js$/, '.ts');
      deps.add(relative(SRC, resolve(dirname(file), spec)));
    }
    graph.set(relative(SRC, file), [...deps].sort());
  }
  return graph;
}

/** The top-level area of a src file: its first folder, or the file itself at the root ('errors.ts'). */
export function areaOf(file: string): string {
  return file.includes('/') ? file.split('/')[0] : file;
}

/** Every elementary cycle found by depth-first search, each reported once, as a path a → … → a. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * The graph between areas (folders of src/): area → areas it imports. With `skipLeaves`, imports of
 * leaf files (files that import nothing from src/, e.g. spec/random.ts) are left out: a leaf cannot
 * close a cycle, so the area graph then shows only the dependencies that could.
 */
export function areaGraph(graph: Map<string, string[]>, options: { skipLeaves?: boolean } = {}): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const leaf = (f: string) => (graph.get(f) ?? []).length === 0;
  for (const [file, deps] of graph) {
    const a = areaOf(file);
    const set = out.get(a) ?? new Set<string>();
    for (const d of deps) if (areaOf(d) !== a && !(options.skipLeaves && leaf(d))) set.add(areaOf(d));
    out.set(a, set);
  }
  return new Map([...out].map(([a, s]) => [a, [...s].sort()]));
}
