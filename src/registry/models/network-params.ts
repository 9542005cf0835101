/** The network family's params: a registered architecture and optimizer, each `{ type, id?, params? }`, and optional recipe components. */
import { z } from 'zod';
import { architectures } from '../architectures/index.js';
import { optimizers } from '../optimizers/index.js';
import { recipes } from '../recipes/index.js';
import { componentRef } from './component-ref.js';

export const networkParams = z
  .object({
    architecture: componentRef('architecture', architectures).describe('the body: { type, id?, params? } (divbench list: ARCHITECTURES)'),
    optimizer: componentRef('optimizer', optimizers).describe('{ type, id?, params? } (divbench list: OPTIMIZERS)'),
    // Recipe components, set by the suite's recipe axes or inline (see registry/recipes).
    schedule: componentRef('schedule', recipes.schedules).optional().describe('learning-rate schedule (default: constant)'),
    regularization: componentRef('regularization', recipes.regularization).optional().describe('weight decay, dropout, label smoothing (default: none)'),
    augmentation: componentRef('augmentation', recipes.augmentation).optional().describe('training-batch augmentation (default: none)'),
    earlyStopping: componentRef('early stopping', recipes.earlyStopping).optional().describe('early stopping on an inner validation split (default: none)'),
    backbone: componentRef('backbone', recipes.backbones)
      .optional()
      .describe('scratch, pretrained on another dataset, or a saved model file (default: scratch)'),
  })
  .strict();

export type NetworkParams = z.output<typeof networkParams>;
