/**
 * A zod schema for a component nested in a model's params (a network's `architecture` and
 * `optimizer`): `{ type, id?, params? }` checked against a registry, resolved to a ComponentSpec
 * with the component's defaults applied. Problems keep their path (`params.hidden`), so the suite
 * loader reports them with the YAML line like any other param.
 */
import { z } from 'zod';
import { ID_PATTERN, isReservedId, RESERVED_ID_MESSAGE } from '../../spec/ids.js';
import { paramProblems } from '../../spec/param-issue.js';
import type { ComponentDefinition } from '../types.js';
import type { ModelSpec as ComponentSpec } from './types.js';

export function componentRef(what: string, known: Readonly<Record<string, ComponentDefinition>>) {
  return z
    .object({
      type: z.string().min(1),
      id: z
        .string()
        .regex(ID_PATTERN, 'must be kebab-case: lowercase letters, digits and single dashes (e.g. "mlp-wide")')
        .refine((s) => !isReservedId(s), RESERVED_ID_MESSAGE)
        .optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .transform((v, ctx): ComponentSpec => {
      const def = Object.hasOwn(known, v.type) ? known[v.type] : undefined;
      if (!def) {
        ctx.issues.push({ code: 'custom', message: `Unknown ${what} '${v.type}'. Known: ${Object.keys(known).join(', ')}`, path: ['type'], input: v.type });
        return z.NEVER;
      }
      const parsed = def.params.safeParse(v.params ?? {});
      if (!parsed.success) {
        for (const p of paramProblems(parsed.error.issues, def.params, v.params ?? {}, `${what} '${v.type}'`)) {
          ctx.issues.push({ code: 'custom', message: p.message, path: ['params', ...p.path, ...(p.key !== undefined ? [p.key] : [])], input: v.params });
        }
        return z.NEVER;
      }
      return { type: v.type, id: v.id ?? v.type, params: parsed.data as Record<string, unknown> };
    });
}
