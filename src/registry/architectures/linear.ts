/** Softmax regression: the body is the (flattened) input itself; the harness adds the dense head, and the network family takes the logits as the representation (a body without weights is never one). */
import { z } from 'zod';
import type { ArchitectureDefinition } from '../types.js';
import { flat } from './layers.js';

const params = z.object({}).strict();

export const linear: ArchitectureDefinition<z.infer<typeof params>> = {
  type: 'linear',
  summary: 'Softmax regression (no hidden layer); its representation for CKA is the logits, never the input',
  params,
  accepts: ['image', 'tabular'],
  build: (tf, input) => flat(tf, input),
};
