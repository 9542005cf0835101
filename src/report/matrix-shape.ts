/**
 * How a suite's matrix is declared, for the report's protocol line and `validate`'s summary.
 */
import type { Suite } from '../spec/types.js';
import { plural } from './format.js';

const AXIS_LABEL: Record<string, [string, string]> = {
  schedules: ['schedule', 'schedules'],
  regularization: ['regularization', 'regularizations'],
  augmentation: ['augmentation', 'augmentations'],
  earlyStopping: ['early-stopping rule', 'early-stopping rules'],
  backbones: ['backbone', 'backbones'],
};

/**
 * The matrix as the suite declares it: "1 dataset × (3 architectures × 3 optimizers + 2 models) ×
 * 2 seeds, filtered". Declared recipe axes multiply the network part; `models:` entries are
 * counted as listed.
 */
export function matrixShape(suite: Suite): string {
  const recipeText = Object.entries(suite.recipes ?? {})
    .filter(([, list]) => list !== undefined && list.length > 0)
    .map(([axis, list]) => ` × ${list!.length} ${AXIS_LABEL[axis]?.[list!.length === 1 ? 0 : 1] ?? axis}`)
    .join('');
  const parts: string[] = [];
  if (suite.architectures.length)
    parts.push(`${plural(suite.architectures.length, 'architecture')} × ${plural(suite.optimizers.length, 'optimizer')}${recipeText}`);
  if (suite.models.length) parts.push(plural(suite.models.length, 'model'));
  const models = parts.length > 1 ? `(${parts.join(' + ')})` : (parts[0] ?? '0 models');
  return `${plural(suite.datasets.length, 'dataset')} × ${models} × ${plural(suite.seeds.length, 'seed')}${suite.include || suite.exclude ? ', filtered' : ''}`;
}
