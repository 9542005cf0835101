/**
 * The `command` family: any program (scikit-learn, PyTorch, XGBoost, …) as a cell, through the file
 * protocol of docs/command-protocol.md. divbench writes the pool's features once per cell and each
 * fold's training indices and labels, runs `command… <request.json>` per fold in its own process
 * group (the cell's remaining time and, with protocol.memoryLimit, an address-space limit), then
 * validates the probabilities the program wrote (shape, finiteness, row sums, fold echo). A
 * non-zero exit, a hang or malformed output is an errored / timed-out cell naming the problem with
 * the program's stderr tail — never a crash of the run.
 */
import { z } from 'zod';
import { CommandLearner } from './command-learner.js';
import type { ModelDefinition } from './types.js';

const params = z
  .object({
    command: z.array(z.string().min(1)).min(1, 'needs the program and its arguments, e.g. [/usr/bin/python3, ../examples/sklearn-command.py]')
      .describe('argv of the program; the request file is appended as the last argument; runs in the suite file\'s folder'),
    env: z.record(z.string(), z.string()).default({}).describe('extra environment variables for the program'),
    representation: z.string().nullable().default(null).describe('what the program writes as probe features, if it writes any (shown in the report)'),
  })
  .strict();

export type CommandParams = z.output<typeof params>;

export const command: ModelDefinition<CommandParams> = {
  type: 'command',
  family: 'command',
  summary: 'An external program per fold through a file protocol (docs/command-protocol.md): divbench writes the data and folds, the program writes probabilities',
  params,
  accepts: ['image', 'tabular', 'sequence'],
  representation: 'the features the program writes for the probe rows (optional)',
  streams: ['sampling'],
  factors: (spec) => ({ model: spec.id }),
  create: (p, ctx) => new CommandLearner(p, ctx),
};
