/**
 * Reads a suite file and returns a resolved `Suite`, or throws one `SuiteError` listing every
 * problem with its YAML path and line: "Unknown optimizer 'adamw' at optimizers[2]
 * (suites/x.yaml:14). Known: sgd, momentum, adam, adagrad, rmsprop".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { SuiteError } from '../errors.js';
import { AXES, lookup, registry, type Axis } from '../registry/index.js';
import { RECIPE_AXES, type RecipeAxis } from '../registry/recipes/index.js';
import { parseDuration } from './duration.js';
import { describeValueIssue, paramProblems } from './param-issue.js';
import { expandMatrix } from './expand-matrix.js';
import { recipeDataProblems, recipeChoiceOf, resolveRecipeAxis, RECIPE_FILTER_KEYS } from './recipe-axes.js';
import { ComponentSpecSchema, ProtocolSchema, SuiteSchema, ThroughputSchema, type ComponentSpecInput, type SuiteInput } from './schema.js';
import type { ComponentSpec, Suite } from './types.js';
import { formatPath, lineOf, type DataPath } from './yaml-locate.js';

const SINGULAR: Record<Axis, string> = { datasets: 'dataset', architectures: 'architecture', optimizers: 'optimizer', models: 'model family' };

class Problems {
  readonly list: string[] = [];
  constructor(
    private doc: Document,
    private lines: LineCounter,
    private display: string,
  ) {}
  add(path: DataPath, message: string, key?: string) {
    const line = lineOf(this.doc, this.lines, path, key);
    const where = formatPath(key === undefined ? path : [...path, key]);
    this.list.push(`${message} at ${where} (${this.display}${line ? `:${line}` : ''})`);
  }
  addZod(base: DataPath, issues: z.core.$ZodIssue[], raw: unknown) {
    for (const issue of issues) {
      const path = [...base, ...(issue.path as (string | number)[])];
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeys(path);
        for (const k of issue.keys) this.add(path, `Unknown key '${k}'${known.length ? `. Known: ${known.join(', ')}` : ''}`, k);
      } else {
        this.add(path, describeIssue({ ...issue, path } as z.core.$ZodIssue, raw));
      }
    }
  }
}

function knownKeys(path: DataPath): string[] {
  const named = path.filter((p) => typeof p === 'string');
  const last = named[named.length - 1];
  if (path.length === 0) return Object.keys(SuiteSchema.shape);
  if (last === 'protocol') return Object.keys(ProtocolSchema.shape);
  if (last === 'throughput') return Object.keys(ThroughputSchema.shape);
  if (last === 'include' || last === 'exclude') return ['dataset', 'architecture', 'optimizer', 'model', 'family', ...RECIPE_FILTER_KEYS, 'seed'];
  if (
    last === 'datasets' ||
    last === 'architectures' ||
    last === 'optimizers' ||
    last === 'models' ||
    (RECIPE_AXES as readonly string[]).includes(last as string)
  )
    return ['type', 'id', 'params'];
  return [];
}

/** What a suite author calls a value of zod's expected type: "a mapping", "a list", "an integer", "a string". */
function kindOfValue(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    const key = issue.path[issue.path.length - 1];
    return `Missing required ${typeof key === 'string' ? `'${key}' (${kindOfValue(String(issue.expected))})` : issue.expected}: add it (suites/smoke.yaml shows every key)`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) return `Invalid value; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') return describeValueIssue(issue, raw);
  return issue.message.replace(/^Invalid input: /, 'Invalid value: ');
}

/** Why a suite path cannot be read, with the fix: the other YAML extension, the files in a folder. */
function unreadableSuite(abs: string, display: string, code: string): string {
  if (code === 'EISDIR') {
    const yamls = readdirSync(abs)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    return `is a folder, not a suite file; pass one of its suite files${
      yamls.length
        ? ` (${yamls
            .slice(0, 6)
            .map((f) => join(display, f))
            .join(', ')}${yamls.length > 6 ? ', …' : ''})`
        : ' (it has no .yaml file)'
    }`;
  }
  if (code !== 'ENOENT') return `cannot read file (${code})`;
  const other = /\.yml$/i.test(abs) ? abs.replace(/\.yml$/i, '.yaml') : /\.yaml$/i.test(abs) ? abs.replace(/\.yaml$/i, '.yml') : null;
  if (other && existsSync(other)) return `file not found; did you mean ${display.replace(/\.ya?ml$/i, other.slice(other.lastIndexOf('.')))}?`;
  return 'file not found. Suites live in suites/*.yaml; pass a path to one (e.g. suites/smoke.yaml)';
}

/** Loads, validates and resolves a suite file. */
export function loadSuite(file: string, cwd = process.cwd()): Suite {
  const abs = resolve(cwd, file);
  const display = relative(cwd, abs) || abs;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new SuiteError(display, [unreadableSuite(abs, display, (e as NodeJS.ErrnoException).code ?? String(e))]);
  }
  return parseSuite(text, abs, display);
}

/** Validates suite text. `abs` is the file's absolute path (used for relative dataset paths). */
export function parseSuite(text: string, abs: string, display: string): Suite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first syntax error is the one to fix; the parser's later ones mostly follow from it.
    throw new SuiteError(display, [
      ...new Set(
        doc.errors.slice(0, 3).map((e) => {
          const pos = e.linePos?.[0];
          const what = /Maximum call stack/.test(e.message) ? 'nesting too deep to parse' : e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          return `YAML syntax error (${display}${pos ? `:${pos.line}:${pos.col}` : ''}): ${what}. Check indentation and that lists start with '- '`;
        }),
      ),
    ]);
  }
  const problems = new Problems(doc, lines, display);
  const raw = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SuiteError(display, [
      'the file must be a YAML mapping with name, datasets, architectures and optimizers and/or models, seeds and protocol (see suites/smoke.yaml)',
    ]);
  }
  const parsed = SuiteSchema.safeParse(raw);
  if (!parsed.success) {
    problems.addZod([], parsed.error.issues, raw);
    // Still check the components that parsed, so one run of `validate` lists every problem.
    for (const axis of AXES) {
      const list = (raw as Record<string, unknown>)[axis];
      if (!Array.isArray(list)) continue;
      const ok = list.map((c) => ComponentSpecSchema.safeParse(c)).map((r) => (r.success ? r.data : { type: '\u0000' }));
      if (ok.every((c) => c.type !== '\u0000')) resolveAxis(axis, ok, problems);
    }
    throw new SuiteError(display, problems.list);
  }
  const input = parsed.data;
  const resolved = {} as Record<Axis, ComponentSpec[]>;
  for (const axis of AXES) {
    resolved[axis] = resolveAxis(axis, input[axis] ?? [], problems);
  }
  const recipes: Partial<Record<RecipeAxis, ComponentSpec[]>> = {};
  for (const axis of RECIPE_AXES) {
    const list = input[axis];
    if (list) recipes[axis] = resolveRecipeAxis(axis, list, (path, message, key) => problems.add(path, message, key));
  }
  checkModelAxes(input, problems);
  checkFilters(input, resolved, problems);
  checkRecipeFilters(input, recipes, problems);
  if (new Set(input.seeds).size !== input.seeds.length) problems.add(['seeds'], 'Duplicate seed: each seed may appear once');
  if (problems.list.length > 0) throw new SuiteError(display, problems.list);
  const { timeout, ...protocol } = input.protocol;
  const suite: Suite = {
    name: input.name,
    description: input.description,
    datasets: resolved.datasets,
    architectures: resolved.architectures,
    optimizers: resolved.optimizers,
    models: resolved.models,
    recipes,
    seeds: input.seeds,
    protocol: { ...protocol, timeoutMs: parseDuration(timeout) },
    include: input.include,
    exclude: input.exclude,
    file: abs,
  };
  if (Object.keys(recipes).length > 0) {
    // Recipe components against the datasets they meet (flip on tabular data, a crop larger than
    // the image, a backbone of another input shape), before any cell runs.
    const pairs = expandMatrix(suite).flatMap((c) => (c.model.type === 'network' ? [{ dataset: c.dataset, choice: recipeChoiceOf(c.model.params) }] : []));
    recipeDataProblems(pairs, recipes, suite.protocol.epochs, (path, message) => problems.add(path, message));
    if (problems.list.length > 0) throw new SuiteError(display, problems.list);
  }
  return suite;
}

/** include/exclude entries naming a recipe component: the axis must be declared and the id exist. */
function checkRecipeFilters(input: SuiteInput, recipes: Partial<Record<RecipeAxis, ComponentSpec[]>>, problems: Problems) {
  for (const which of ['include', 'exclude'] as const) {
    input[which]?.forEach((f, i) => {
      RECIPE_AXES.forEach((axis, k) => {
        const key = RECIPE_FILTER_KEYS[k];
        const v = (f as Record<string, unknown>)[key];
        if (v === undefined) return;
        const list = recipes[axis];
        if (!list) problems.add([which, i, key], `'${key}' filters a recipe axis this suite does not declare; add a ${axis}: list or drop the key`);
        else if (!list.some((c) => c.id === v))
          problems.add([which, i, key], `'${v}' is not a ${key} id of this suite. Ids: ${list.map((c) => c.id).join(', ')}`);
      });
    });
  }
}

function resolveAxis(axis: Axis, specs: ComponentSpecInput[], problems: Problems): ComponentSpec[] {
  const out: ComponentSpec[] = [];
  const seen = new Map<string, number>();
  specs.forEach((spec, i) => {
    const def = lookup(axis, spec.type);
    if (!def) {
      problems.add([axis, i, 'type'], `Unknown ${SINGULAR[axis]} '${spec.type}'. Known: ${Object.keys(registry[axis]).join(', ')}`);
      return;
    }
    const id = spec.id ?? spec.type;
    const prev = seen.get(id);
    if (prev !== undefined) {
      problems.add([axis, i], `Duplicate ${SINGULAR[axis]} id '${id}' (also ${axis}[${prev}]); give one of them a distinct 'id:'`);
      return;
    }
    seen.set(id, i);
    const params = def.params.safeParse(spec.params ?? {});
    if (!params.success) {
      for (const p of paramProblems(params.error.issues, def.params, spec.params ?? {}, `${SINGULAR[axis]} '${spec.type}'`)) {
        problems.add([axis, i, 'params', ...p.path], p.message, p.key);
      }
      return;
    }
    out.push({ type: spec.type, id, params: params.data as Record<string, unknown> });
  });
  return out;
}

/** The network shorthand needs both axes; a suite needs the shorthand or a `models:` list (or both). */
function checkModelAxes(input: SuiteInput, problems: Problems) {
  const a = input.architectures?.length ?? 0;
  const o = input.optimizers?.length ?? 0;
  const m = input.models?.length ?? 0;
  if (a > 0 && o === 0)
    problems.add(
      input.optimizers ? ['optimizers'] : [],
      'architectures without optimizers: the network shorthand crosses the two; add an optimizers list (e.g. [{ type: adam }])',
    );
  if (o > 0 && a === 0)
    problems.add(
      input.architectures ? ['architectures'] : [],
      'optimizers without architectures: the network shorthand crosses the two; add an architectures list (e.g. [{ type: mlp }])',
    );
  if (a === 0 && o === 0 && m === 0)
    problems.add(
      [],
      'no models: add architectures × optimizers (networks) and/or a models list (e.g. models: [{ type: network, params: { architecture: { type: mlp }, optimizer: { type: adam } } }])',
    );
}

function checkFilters(input: SuiteInput, resolved: Record<Axis, ComponentSpec[]>, problems: Problems) {
  const axes = { dataset: 'datasets', architecture: 'architectures', optimizer: 'optimizers', model: 'models' } as const;
  for (const which of ['include', 'exclude'] as const) {
    input[which]?.forEach((f, i) => {
      for (const [key, axis] of Object.entries(axes)) {
        const v = f[key as keyof typeof f];
        if (v !== undefined && !resolved[axis].some((c) => c.id === v)) {
          problems.add([which, i, key], `'${v}' is not a ${key} id of this suite. Ids: ${resolved[axis].map((c) => c.id).join(', ')}`);
        }
      }
      // A filter's family is a definition's `family` (forest, boosting, …), which expandMatrix matches.
      const familyNames = [...new Set(Object.values(registry.models).map((d) => d.family))];
      if (f.family !== undefined && !familyNames.includes(f.family))
        problems.add([which, i, 'family'], `'${f.family}' is not a model family. Families: ${familyNames.join(', ')}`);
      if (f.seed !== undefined && !input.seeds.includes(f.seed)) problems.add([which, i, 'seed'], `seed ${f.seed} is not in seeds [${input.seeds.join(', ')}]`);
    });
  }
}
