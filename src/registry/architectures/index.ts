import type { ArchitectureDefinition } from '../types.js';
import { cnn } from './cnn.js';
import { linear } from './linear.js';
import { mlp } from './mlp.js';
import { resnet } from './resnet.js';

export const architectures: Record<string, ArchitectureDefinition> = { linear, mlp, cnn, resnet };
