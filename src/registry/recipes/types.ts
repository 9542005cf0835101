/**
 * Recipe components: how a network is trained, as suite axes that multiply into the matrix
 * (`schedules:`, `regularization:`, `augmentation:`, `earlyStopping:`). Like every registry entry a
 * component describes itself without loading TensorFlow.js; what it does is a pure function of its
 * params (see each file), applied by the network learner in the worker.
 */
import type { ComponentDefinition } from '../types.js';
import type { DataKind } from '../models/types.js';

export type RecipeAxis = 'schedules' | 'regularization' | 'augmentation' | 'earlyStopping' | 'backbones';
export const RECIPE_AXES: readonly RecipeAxis[] = ['schedules', 'regularization', 'augmentation', 'earlyStopping', 'backbones'];

/** The factor key a declared recipe axis adds to every cell (`factors[key] = component id`). */
export const RECIPE_FACTOR: Record<RecipeAxis, string> = {
  schedules: 'schedule',
  regularization: 'regularization',
  augmentation: 'augmentation',
  earlyStopping: 'earlyStopping',
  backbones: 'backbone',
};

/** What a recipe component may need to know about the data, before any cell runs. */
export interface DataFacts {
  readonly type: string;
  /** The dataset's resolved params (a backbone must not be pretrained on the very same data). */
  readonly params?: Record<string, unknown>;
  readonly kind: DataKind;
  /** Shape of one example when known without loading (images from the dataset's params). */
  readonly shape?: readonly number[];
  /** Whether a horizontal flip keeps every example's class (digits: no; clothes, CIFAR: yes). */
  readonly flipSafe?: boolean;
}

export interface CheckContext {
  readonly data: DataFacts;
  /** protocol.epochs */
  readonly epochs: number;
}

export interface RecipeDefinition<P = any> extends ComponentDefinition<P> {
  readonly axis: RecipeAxis;
  /**
   * Problems with these params on this dataset and protocol (e.g. a flip on tabular data, a
   * warm-up as long as training), each a sentence that names the fix; empty when they fit.
   */
  check?(params: P, ctx: CheckContext): string[];
}
