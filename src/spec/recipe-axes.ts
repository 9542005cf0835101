/**
 * Recipe axes in suites (`schedules:`, `regularization:`, `augmentation:`, `earlyStopping:`,
 * `backbones:`): each a list of components like `optimizers:`; declared axes multiply every
 * network model of the suite (other families are not trained by a recipe and are crossed once).
 * A declared axis adds its component id to the cell id (after the model, before the seed) and a
 * factor (`schedule`, `regularization`, `augmentation`, `earlyStopping`, `backbone`); a suite that
 * declares none keeps its cell ids and factors exactly as before.
 */
import { datasets } from '../registry/datasets/index.js';
import { RECIPE_AXES, RECIPE_FACTOR, recipes, type RecipeAxis } from '../registry/recipes/index.js';
import { paramProblems } from './param-issue.js';
import type { ComponentSpec } from './types.js';

export type RecipeAxes = Partial<Record<RecipeAxis, ComponentSpec[]>>;
/** One combination: the component chosen on each declared axis. */
export type RecipeChoice = Partial<Record<RecipeAxis, ComponentSpec>>;

/** Network params key a recipe component is passed under. */
export const RECIPE_PARAM: Record<RecipeAxis, string> = {
  schedules: 'schedule',
  regularization: 'regularization',
  augmentation: 'augmentation',
  earlyStopping: 'earlyStopping',
  backbones: 'backbone',
};

export const SINGULAR_RECIPE: Record<RecipeAxis, string> = {
  schedules: 'schedule',
  regularization: 'regularization',
  augmentation: 'augmentation',
  earlyStopping: 'early stopping',
  backbones: 'backbone',
};

type Add = (path: Array<string | number>, message: string, key?: string) => void;

/** Resolves one declared axis against its registry (unknown types, duplicate ids, bad params). */
export function resolveRecipeAxis(
  axis: RecipeAxis,
  specs: ReadonlyArray<{ type: string; id?: string; params?: Record<string, unknown> }>,
  add: Add,
): ComponentSpec[] {
  const registry = recipes[axis];
  const out: ComponentSpec[] = [];
  const seen = new Map<string, number>();
  specs.forEach((spec, i) => {
    const def = Object.hasOwn(registry, spec.type) ? registry[spec.type] : undefined;
    if (!def) {
      add([axis, i, 'type'], `Unknown ${SINGULAR_RECIPE[axis]} '${spec.type}'. Known: ${Object.keys(registry).join(', ')}`);
      return;
    }
    const id = spec.id ?? spec.type;
    const prev = seen.get(id);
    if (prev !== undefined) {
      add([axis, i], `Duplicate ${SINGULAR_RECIPE[axis]} id '${id}' (also ${axis}[${prev}]); give one of them a distinct 'id:'`);
      return;
    }
    seen.set(id, i);
    const parsed = def.params.safeParse(spec.params ?? {});
    if (!parsed.success) {
      for (const p of paramProblems(parsed.error.issues, def.params, spec.params ?? {}, `${SINGULAR_RECIPE[axis]} '${spec.type}'`)) {
        add([axis, i, 'params', ...p.path], p.message, p.key);
      }
      return;
    }
    out.push({ type: spec.type, id, params: parsed.data as Record<string, unknown> });
  });
  return out;
}

/** Every combination of the declared axes, in RECIPE_AXES order (one empty choice when none). */
export function recipeChoices(axes: RecipeAxes): RecipeChoice[] {
  let out: RecipeChoice[] = [{}];
  for (const axis of RECIPE_AXES) {
    const list = axes[axis];
    if (!list?.length) continue;
    out = out.flatMap((c) => list.map((spec) => ({ ...c, [axis]: spec })));
  }
  return out;
}

/** The id parts a choice adds to the cell id, in axis order. */
export function recipeIdParts(choice: RecipeChoice): string[] {
  return RECIPE_AXES.filter((a) => choice[a]).map((a) => choice[a]!.id);
}

/** The factors a choice adds (`schedule: cosine`, `backbone: scratch`, …). */
export function recipeFactors(choice: RecipeChoice): Record<string, string> {
  return Object.fromEntries(RECIPE_AXES.filter((a) => choice[a]).map((a) => [RECIPE_FACTOR[a], choice[a]!.id]));
}

/** The network params a choice adds (`schedule: {type, id, params}`, …). */
export function recipeParams(choice: RecipeChoice): Record<string, ComponentSpec> {
  return Object.fromEntries(RECIPE_AXES.filter((a) => choice[a]).map((a) => [RECIPE_PARAM[a], choice[a]!]));
}

export const RECIPE_FILTER_KEYS = RECIPE_AXES.map((a) => RECIPE_FACTOR[a]);

/**
 * Problems of recipe components with the datasets they meet in the matrix (a flip on tabular
 * data, a crop larger than the image, a backbone pretrained on another input shape), each once per
 * (dataset, component), reported at the component's place in the suite file.
 */
export function recipeDataProblems(pairs: ReadonlyArray<{ dataset: ComponentSpec; choice: RecipeChoice }>, axes: RecipeAxes, epochs: number, add: Add): void {
  const seen = new Set<string>();
  for (const { dataset, choice } of pairs) {
    const def = Object.hasOwn(datasets, dataset.type) ? datasets[dataset.type] : undefined;
    if (!def) continue;
    const data = { type: dataset.type, params: dataset.params, kind: def.kind, shape: def.exampleShape, flipSafe: def.flipSafe };
    for (const axis of RECIPE_AXES) {
      const spec = choice[axis];
      if (!spec) continue;
      const key = `${dataset.id}\0${axis}\0${spec.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const check = recipes[axis][spec.type]?.check;
      if (!check) continue;
      const index = axes[axis]!.findIndex((s) => s.id === spec.id);
      const name = `${SINGULAR_RECIPE[axis][0].toUpperCase()}${SINGULAR_RECIPE[axis].slice(1)} '${spec.id}'`;
      const perData = axis === 'augmentation' || axis === 'backbones';
      for (const problem of check(spec.params, { data, epochs })) {
        // Schedules and early stopping depend on the protocol only: say so once.
        const once = `${axis}\0${spec.id}\0${problem}`;
        if (!perData && seen.has(once)) continue;
        seen.add(once);
        add([axis, index], perData ? `${name} does not fit dataset '${dataset.id}': ${problem}` : `${name}: ${problem}`);
      }
    }
  }
}

/** The recipe components inside a network model's params (the inverse of `recipeParams`). */
export function recipeChoiceOf(params: Record<string, unknown>): RecipeChoice {
  const out: RecipeChoice = {};
  for (const axis of RECIPE_AXES) {
    const spec = params[RECIPE_PARAM[axis]] as ComponentSpec | undefined;
    if (spec) out[axis] = spec;
  }
  return out;
}
