/**
 * The model-family registry: what a suite's `models[].type` may name (and what the
 * `architectures × optimizers` shorthand expands into: `network`). One file per family.
 */
import { network } from './network.js';
import type { ModelDefinition } from './types.js';

export const models: Record<string, ModelDefinition> = Object.fromEntries(
  [network].map((d) => [d.type, d as ModelDefinition]),
);

export function getModel(type: string): ModelDefinition | undefined {
  return Object.hasOwn(models, type) ? models[type] : undefined;
}
