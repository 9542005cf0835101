/** The recipe registries, keyed by suite axis. Importing this never loads TensorFlow.js. */
import { augmentations } from './augmentation.js';
import { backbones } from './backbones.js';
import { earlyStoppings } from './early-stopping.js';
import { regularizations } from './regularization.js';
import { schedules } from './schedules.js';
import type { RecipeAxis, RecipeDefinition } from './types.js';

export const recipes: Record<RecipeAxis, Record<string, RecipeDefinition>> = {
  schedules,
  regularization: regularizations,
  augmentation: augmentations,
  earlyStopping: earlyStoppings,
  backbones,
};

export { RECIPE_AXES, RECIPE_FACTOR, type CheckContext, type DataFacts, type RecipeAxis, type RecipeDefinition } from './types.js';
