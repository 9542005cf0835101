import type { ArchitectureDefinition } from '../types.js';
import { cnn } from './cnn.js';
import { conv1d } from './conv1d.js';
import { densenet } from './densenet.js';
import { linear } from './linear.js';
import { mlp } from './mlp.js';
import { gru, lstm } from './recurrent.js';
import { resnet } from './resnet.js';

export const architectures: Record<string, ArchitectureDefinition> = { linear, mlp, cnn, resnet, densenet, lstm, gru, conv1d };
