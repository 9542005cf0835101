/**
 * The model-family registry: what a suite's `models[].type` may name (and what the
 * `architectures × optimizers` shorthand expands into: `network`). One file per family.
 */
import { command } from './command.js';
import { histBoosting } from './hist-boosting.js';
import { knn } from './knn.js';
import { naiveBayes } from './naive-bayes.js';
import { network } from './network.js';
import { randomForest } from './random-forest.js';
import type { ModelDefinition } from './types.js';

export const models: Record<string, ModelDefinition> = Object.fromEntries(
  [network, randomForest, histBoosting, knn, naiveBayes, command].map((d) => [d.type, d as ModelDefinition]),
);

export function getModel(type: string): ModelDefinition | undefined {
  return Object.hasOwn(models, type) ? models[type] : undefined;
}
