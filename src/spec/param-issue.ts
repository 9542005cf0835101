/**
 * One component parameter's validation problem as a sentence a user can act on: what the
 * parameter is (its schema description), what it must be, what the suite gave, and the fix —
 * "`trees` (number of trees) must be ≥ 1, got 0: set it to a value ≥ 1, or leave it out for the
 * default (100)". Used for every registry component (datasets, architectures, optimizers, model
 * families, recipe axes), so no raw Zod message ("Too small: expected number to be >=1") reaches
 * a user.
 */
import type { z } from 'zod';

/** The Zod v4 issue fields this reads (a structural subset of `z.core.$ZodIssue`). */
export interface ParamIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
}

/** One problem of a component's params: where (relative to `params`), the key it names, the sentence. */
export interface ParamProblem {
  readonly path: Array<string | number>;
  /** An unknown key: the YAML line is that key's. */
  readonly key?: string;
  readonly message: string;
}

/**
 * Every problem of `schema.safeParse(params)` as sentences: an unknown key lists the known ones,
 * a bad value says what it must be (describeParamIssue). `component` names whose params they are.
 */
export function paramProblems(issues: readonly ParamIssue[], schema: z.ZodType, params: unknown, component: string): ParamProblem[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const known = shape ? Object.keys(shape).join(', ') || '(none)' : '(none)';
  return issues.flatMap((issue): ParamProblem[] => {
    const path = issue.path as Array<string | number>;
    if (issue.code === 'unrecognized_keys')
      return (issue.keys ?? []).map((k) => ({ path, key: k, message: `Unknown param '${k}' for ${component}. Known: ${known}` }));
    return [{ path, message: describeParamIssue(issue, schema, params, component) }];
  });
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  nan: 'a number',
};

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The schema of the parameter named `name` in an object schema (undefined when not an object schema). */
function fieldOf(schema: z.ZodType, name: PropertyKey): z.ZodType | undefined {
  const shape = (schema as unknown as { shape?: Record<PropertyKey, z.ZodType> }).shape;
  return shape && typeof name === 'string' && Object.hasOwn(shape, name) ? shape[name] : undefined;
}

function bound(issue: ParamIssue): string | undefined {
  const small = issue.code === 'too_small';
  const n = small ? issue.minimum : issue.maximum;
  if (n === undefined) return undefined;
  if (issue.origin === 'array' || issue.origin === 'set') return `a list of ${small ? 'at least' : 'at most'} ${n} item${Number(n) === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `${small ? 'at least' : 'at most'} ${n} character${Number(n) === 1 ? '' : 's'}`;
  return `${small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<'} ${n}`;
}

/**
 * `issue` from `schema.safeParse(params)`; `params` what the suite gave; `component` names whose
 * parameter it is ("architecture 'mlp'"). Returns the sentence without location (the caller adds
 * the YAML path and line).
 */
export function describeParamIssue(issue: ParamIssue, schema: z.ZodType, params: unknown, component: string): string {
  // A refinement's own message (a nested component's "Unknown architecture 'mlpp'. Known: …") is already a sentence.
  if (issue.code === 'custom') return issue.message;
  return `${sentence(issue, schema, params)} (${component})`;
}

function sentence(issue: ParamIssue, schema: z.ZodType | undefined, params: unknown): string {
  const name = issue.path[0];
  const field = name === undefined || schema === undefined ? undefined : fieldOf(schema, name);
  const description = field?.description;
  const where = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
  const element = issue.path.length > 1;
  const label = name === undefined ? 'params' : `'${where}'${description ? ` (${element ? 'in ' : ''}${description})` : ''}`;
  const got = at(params, issue.path);
  // A schema's own message (`.min(2, 'folds must be at least 2 …')`) already says it: keep it.
  if (!/^(Too small|Too big|Invalid input|Invalid option|Invalid number|Invalid value)/.test(issue.message)) return `${issue.message} (got ${show(got)})`;
  // Leaving a parameter out gives its default; an element of a list has none of its own.
  const parsedDefault = element ? undefined : field?.safeParse(undefined);
  const fallback = parsedDefault?.success && parsedDefault.data !== undefined ? `, or leave it out for the default (${show(parsedDefault.data)})` : '';
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const b = bound(issue);
      if (b === undefined) break;
      const want = /^[≥>≤<]/.test(b) ? `a value ${b}` : b;
      return `${label} must be ${b}, got ${show(got)}: set it to ${want}${fallback}`;
    }
    case 'invalid_type': {
      const want = TYPE_NAMES[issue.expected ?? ''] ?? issue.expected ?? 'another type';
      if (got === undefined) return `${label} is required: set it to ${want}`;
      return `${label} must be ${want}, got ${show(got)}${typeof got === 'string' && /^-?\d+(\.\d+)?$/.test(got) ? ' (a quoted number is a string in YAML: remove the quotes)' : ''}: set it to ${want}${fallback}`;
    }
    case 'invalid_value':
      if (issue.values?.length) return `${label} must be one of ${issue.values.map(show).join(', ')}, got ${show(got)}`;
      break;
    case 'not_multiple_of':
      return `${label} ${issue.message.replace(/^Invalid number: /, '')}, got ${show(got)}`;
    default:
      break;
  }
  return `${label}: ${issue.message.replace(/^Invalid input: /, 'invalid value: ')}, got ${show(got)}`;
}

/**
 * A suite-level value (not a component parameter: `protocol.batchSize`, `seeds[0]`) — what it
 * must be, what the suite gave, the fix. `root` is the whole parsed YAML document.
 */
export function describeValueIssue(issue: ParamIssue, root: unknown): string {
  return sentence(issue, undefined, root);
}
