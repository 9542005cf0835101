/**
 * Expands a suite into cells: datasets × models × seeds, in that nesting order, where the models
 * are the network shorthand's architectures × optimizers first, then the `models:` list; filtered by
 * `include` (keep cells matching any entry) and then `exclude`. Every cell carries its attribution
 * factors and its random streams' derivations (spec/streams.ts).
 */
import { dirname } from 'node:path';
import { models as modelRegistry } from '../registry/models/index.js';
import type { FilterSpec } from './schema.js';
import { RECIPE_AXES, RECIPE_FACTOR } from '../registry/recipes/types.js';
import { recipeChoiceOf, recipeChoices, recipeFactors, recipeIdParts, recipeParams, RECIPE_PARAM, type RecipeAxes } from './recipe-axes.js';
import { deriveStreams, STREAM_FACTOR_PREFIX, type RandomStream } from './streams.js';
import type { Cell, ComponentSpec, Suite } from './types.js';

export function cellId(dataset: string, architecture: string, optimizer: string, seed: number): string {
  return `${dataset}.${architecture}.${optimizer}.s${seed}`;
}

function modelCellId(dataset: string, model: string, seed: number): string {
  return `${dataset}.${model}.s${seed}`;
}

interface ModelEntry {
  /** The model spec the worker builds (`type` = family). */
  readonly model: ComponentSpec;
  readonly architecture?: ComponentSpec;
  readonly optimizer?: ComponentSpec;
  /** Model id in the models list; undefined for shorthand networks. */
  readonly listed?: string;
  /** Ids of the recipe components the suite's declared axes chose (cell id parts, in axis order). */
  readonly recipe: string[];
}

/** A network entry times every combination of the declared recipe axes it does not set itself. */
function withRecipes(entry: Omit<ModelEntry, 'recipe'>, axes: RecipeAxes): ModelEntry[] {
  if (entry.model.type !== 'network') return [{ ...entry, recipe: [] }];
  const own = entry.model.params;
  const open: RecipeAxes = Object.fromEntries(RECIPE_AXES.filter((a) => axes[a] && own[RECIPE_PARAM[a]] === undefined).map((a) => [a, axes[a]]));
  return recipeChoices(open).map((choice) => {
    const parts = recipeIdParts(choice);
    const id = parts.length ? `${entry.model.id}.${parts.join('.')}` : entry.model.id;
    return { ...entry, model: { ...entry.model, id, params: { ...own, ...recipeParams(choice) } }, recipe: parts };
  });
}

/** The shorthand's architecture × optimizer networks, then the `models:` list. */
function suiteModels(suite: Suite): ModelEntry[] {
  const out: ModelEntry[] = [];
  const axes = suite.recipes ?? {};
  for (const a of suite.architectures)
    for (const o of suite.optimizers) {
      out.push(
        ...withRecipes({ model: { type: 'network', id: `${a.id}.${o.id}`, params: { architecture: a, optimizer: o } }, architecture: a, optimizer: o }, axes),
      );
    }
  // `?? []`: a suite.json stored by an older divbench (before models: and sharedRandomness) still expands.
  for (const m of suite.models ?? []) {
    const p = m.params as { architecture?: ComponentSpec; optimizer?: ComponentSpec };
    out.push(
      ...withRecipes(
        m.type === 'network' && p.architecture && p.optimizer
          ? { model: m, architecture: p.architecture, optimizer: p.optimizer, listed: m.id }
          : { model: m, listed: m.id },
        axes,
      ),
    );
  }
  return out;
}

/** family, the family's own factors (architecture/optimizer, or model), seed. */
function modelFactors(entry: ModelEntry, seed: number): Record<string, string> {
  const def = modelRegistry[entry.model.type];
  const own = def?.factors ? def.factors(entry.model) : { model: entry.model.id };
  const recipe = entry.model.type === 'network' ? recipeFactors(recipeChoiceOf(entry.model.params)) : {};
  return { family: def?.family ?? entry.model.type, ...own, ...recipe, seed: String(seed) };
}

function matches(f: FilterSpec, d: ComponentSpec, m: ModelEntry, seed: number): boolean {
  return (
    (f.dataset === undefined || f.dataset === d.id) &&
    (f.architecture === undefined || f.architecture === m.architecture?.id) &&
    (f.optimizer === undefined || f.optimizer === m.optimizer?.id) &&
    (f.model === undefined || f.model === m.listed) &&
    (f.family === undefined || f.family === (modelRegistry[m.model.type]?.family ?? m.model.type)) &&
    RECIPE_AXES.every((a) => {
      const want = (f as Record<string, unknown>)[RECIPE_FACTOR[a]];
      return want === undefined || want === (m.model.params[RECIPE_PARAM[a]] as ComponentSpec | undefined)?.id;
    }) &&
    (f.seed === undefined || f.seed === seed)
  );
}

export function expandMatrix(suite: Suite): Cell[] {
  const cells: Cell[] = [];
  const models = suiteModels(suite);
  for (const d of suite.datasets)
    for (const m of models)
      for (const seed of suite.seeds) {
        if (suite.include?.length && !suite.include.some((f) => matches(f, d, m, seed))) continue;
        if (suite.exclude?.some((f) => matches(f, d, m, seed))) continue;
        const base = modelFactors(m, seed);
        // Augmentation draws from its own stream, declared for the cells that augment.
        const drawn: RandomStream[] = [...(modelRegistry[m.model.type]?.streams ?? []), ...(m.model.params.augmentation ? ['augmentation' as const] : [])];
        const streams = deriveStreams(seed, base, drawn, suite.protocol.sharedRandomness ?? []);
        const factors = { ...base, ...Object.fromEntries(Object.entries(streams).map(([name, s]) => [`${STREAM_FACTOR_PREFIX}${name}`, s.key])) };
        cells.push({
          id:
            m.listed === undefined
              ? cellId(d.id, m.architecture!.id, [m.optimizer!.id, ...m.recipe].join('.'), seed)
              : modelCellId(d.id, [m.listed, ...m.recipe].join('.'), seed),
          suite: suite.name,
          dataset: d,
          model: m.model,
          ...(m.architecture ? { architecture: m.architecture } : {}),
          ...(m.optimizer ? { optimizer: m.optimizer } : {}),
          seed,
          factors,
          streams,
          protocol: suite.protocol,
          suiteDir: dirname(suite.file),
        });
      }
  return cells;
}
