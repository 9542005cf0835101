/** Softmax regression: the body is the (flattened) input itself; the harness adds the dense softmax head. */
import { z } from 'zod';
import type { ArchitectureDefinition } from '../types.js';
import { flat } from './layers.js';

const params = z.object({}).strict();

export const linear: ArchitectureDefinition<z.infer<typeof params>> = {
  type: 'linear',
  summary: 'Softmax regression (no hidden layer); features for CKA are the inputs themselves',
  params,
  accepts: ['image', 'tabular'],
  build: (tf, input) => flat(tf, input),
};
