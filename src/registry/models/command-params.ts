/** The command family's params: the program's argv, extra environment, what its features are. */
import { z } from 'zod';

export const commandParams = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1, 'needs the program and its arguments, e.g. [/usr/bin/python3, ../examples/sklearn-command.py]')
      .describe("argv of the program; the request file is appended as the last argument; runs in the suite file's folder"),
    env: z.record(z.string(), z.string()).default({}).describe('extra environment variables for the program'),
    representation: z.string().nullable().default(null).describe('what the program writes as probe features, if it writes any (shown in the report)'),
  })
  .strict();

export type CommandParams = z.output<typeof commandParams>;
