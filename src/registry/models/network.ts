/**
 * The `network` family: a TensorFlow.js network = architecture body × optimizer (× recipe axes),
 * with the harness's softmax head and cross-entropy loss. The suite's `architectures ×
 * optimizers` shorthand expands into these models; a `models:` entry can name one directly:
 * `{ type: network, id: wide, params: { architecture: { type: mlp, params: { hidden: [512] } }, optimizer: { type: adam } } }`.
 * Built with the `tf` the worker passes (ctx.tf()); nothing here imports TensorFlow.js at runtime.
 */
import { architectures } from '../architectures/index.js';
import { NetworkLearner } from './network-learner.js';
import { networkParams as params, type NetworkParams } from './network-params.js';
import type { ModelDefinition } from './types.js';

export const network: ModelDefinition<NetworkParams> = {
  type: 'network',
  family: 'network',
  summary: 'TensorFlow.js network: an architecture body with a softmax head, trained by an optimizer for protocol.epochs',
  params,
  accepts: ['image', 'tabular', 'sequence'],
  acceptsFor: (p) => architectures[p.architecture.type]?.accepts ?? [],
  representation: "the body's output (penultimate layer); the logits where the body has no weights (linear), never the raw input",
  streams: ['init', 'dataOrder', 'dropout'],
  usesTf: true,
  factors: (spec) => ({ architecture: spec.params.architecture.id, optimizer: spec.params.optimizer.id }),
  create: (p, ctx) => new NetworkLearner(p, ctx),
};
