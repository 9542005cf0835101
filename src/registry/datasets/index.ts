/**
 * The dataset registry: what a suite's `datasets[].type` may name. Definitions are light (type,
 * summary, param schema); `load()` does the file and generation work, inside the worker.
 */
import type { DatasetDefinition } from '../types.js';
import { blobs } from './blobs.js';
import { cifar10 } from './cifar10.js';
import { csv } from './csv.js';
import { fashionMnist } from './fashion-mnist.js';
import { mnist } from './mnist.js';
import { moons } from './moons.js';
import { sequenceFile } from './sequences.js';
import { spirals } from './spirals.js';
import { tabular } from './tabular.js';
import { tokenMotifs } from './token-motifs.js';

export const datasets: Record<string, DatasetDefinition> = Object.fromEntries(
  [fashionMnist, mnist, cifar10, csv, tabular, blobs, moons, spirals, sequenceFile, tokenMotifs].map((d) => [d.type, d as DatasetDefinition]),
);

export function getDataset(type: string): DatasetDefinition | undefined {
  return Object.hasOwn(datasets, type) ? datasets[type] : undefined;
}
