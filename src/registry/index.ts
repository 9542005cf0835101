/** The component registries, keyed by suite axis. Importing this never loads TensorFlow.js. */
import { architectures } from './architectures/index.js';
import { datasets } from './datasets/index.js';
import { models } from './models/index.js';
import { optimizers } from './optimizers/index.js';
import type { ComponentDefinition } from './types.js';

export const registry = { datasets, architectures, optimizers, models } as const;
export type Axis = keyof typeof registry;
export const AXES: Axis[] = ['datasets', 'architectures', 'optimizers', 'models'];

export function lookup(axis: Axis, type: string): ComponentDefinition | undefined {
  return Object.hasOwn(registry[axis], type) ? registry[axis][type] : undefined;
}
