/**
 * The `command` family: any program (scikit-learn, PyTorch, XGBoost, …) as a cell, through the file
 * protocol of docs/command-protocol.md. divbench writes the pool's features once per cell and each
 * fold's training indices and labels, runs `command… <request.json>` per fold in its own process
 * group (the cell's remaining time and, with protocol.memoryLimit, an address-space limit), then
 * validates the probabilities the program wrote (shape, finiteness, row sums, fold echo). A
 * non-zero exit, a hang or malformed output is an errored / timed-out cell naming the problem with
 * the program's stderr tail — never a crash of the run.
 */
import { CommandLearner } from './command-learner.js';
import { commandParams as params, type CommandParams } from './command-params.js';
import type { ModelDefinition } from './types.js';

export const command: ModelDefinition<CommandParams> = {
  type: 'command',
  family: 'command',
  summary:
    'An external program per fold through a file protocol (docs/command-protocol.md): divbench writes the data and folds, the program writes probabilities',
  params,
  accepts: ['image', 'tabular', 'sequence'],
  representation: 'the features the program writes for the probe rows (optional)',
  streams: ['sampling'],
  factors: (spec) => ({ model: spec.id }),
  create: (p, ctx) => new CommandLearner(p, ctx),
};
