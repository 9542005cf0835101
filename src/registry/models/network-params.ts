/** The network family's params: a registered architecture and optimizer, each `{ type, id?, params? }`. */
import { z } from 'zod';
import { architectures } from '../architectures/index.js';
import { optimizers } from '../optimizers/index.js';
import { componentRef } from './component-ref.js';

export const networkParams = z
  .object({
    architecture: componentRef('architecture', architectures).describe('the body: { type, id?, params? } (divbench list: ARCHITECTURES)'),
    optimizer: componentRef('optimizer', optimizers).describe('{ type, id?, params? } (divbench list: OPTIMIZERS)'),
  })
  .strict();

export type NetworkParams = z.output<typeof networkParams>;
