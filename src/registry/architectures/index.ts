import type { ArchitectureDefinition } from '../types.js';
import { cnn } from './cnn.js';
import { conv1d } from './conv1d.js';
import { densenet } from './densenet.js';
import { linear } from './linear.js';
import { mlp } from './mlp.js';
import { gru, lstm } from './recurrent.js';
import { resnet } from './resnet.js';

/** The architecture registry, keyed by each definition's own `type` (as datasets and models are). */
export const architectures: Record<string, ArchitectureDefinition> = Object.fromEntries(
  [linear, mlp, cnn, resnet, densenet, lstm, gru, conv1d].map((d) => [d.type, d as ArchitectureDefinition]),
);
