/**
 * The suite file's shape (zod v4). Structure only: which component types exist and what their
 * params are is checked against the registry in `validate-suite.ts`.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { RANDOM_STREAMS } from '../registry/models/streams.js';
import { ID_PATTERN, isReservedId, RESERVED_ID_MESSAGE } from './ids.js';

export { ID_PATTERN };

const id = z
  .string()
  .regex(ID_PATTERN, 'must be kebab-case: lowercase letters, digits and single dashes (e.g. "mlp-wide")')
  .refine((s) => !isReservedId(s), RESERVED_ID_MESSAGE);

export const ComponentSpecSchema = z
  .object({
    type: z.string().min(1),
    id: id.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** "90s", "10m", "1h" or a number of seconds. */
/** Longest timer Node can arm (2^31 − 1 ms, about 24.8 days); a longer one would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

function durationMs(v: number | string): number {
  try {
    return parseDuration(v);
  } catch {
    return 1;
  } // the pattern above reports it
}

export const DurationSchema = z
  .union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, 'must be a number of seconds or a duration like "90s", "10m", "1h"')])
  .refine((v) => durationMs(v) >= 1, 'must be longer than 0 (e.g. "90s", "10m")')
  .refine((v) => durationMs(v) <= MAX_DURATION_MS, `must be at most ${MAX_DURATION_MS} ms (about 24 days)`);

export const ThroughputSchema = z
  .object({
    batchSize: z.number().int().positive().optional().describe('inference batch size (default: protocol.batchSize)'),
    warmupIterations: z.number().int().nonnegative().default(3),
    iterations: z.number().int().positive().default(20).describe('minimum timed inference batches'),
    time: z.number().nonnegative().default(500).describe('minimum timed milliseconds'),
  })
  .strict();

export const ProtocolSchema = z
  .object({
    folds: z.number().int().min(2, 'folds must be at least 2 (k-fold cross-validation)').max(100),
    repeats: z.number().int().min(1).max(100).default(1),
    stratified: z.boolean().default(true),
    splitSeed: z.number().int().nonnegative().default(0).describe('seed of the fold assignment (same for every cell of a dataset)'),
    epochs: z.number().int().min(1).max(10000),
    batchSize: z.number().int().min(1).max(65536),
    timeout: DurationSchema.default('30m').describe('per cell; the whole process tree is killed past it'),
    memoryLimit: z.number().int().min(64).optional().describe('per-cell V8 heap limit in MiB (a cell past it is recorded as crashed)'),
    probeSize: z.number().int().nonnegative().default(256).describe('held-out examples per fold whose penultimate features are kept (for CKA)'),
    throughput: ThroughputSchema.default({ warmupIterations: 3, iterations: 20, time: 500 }),
    sharedRandomness: z
      .array(z.enum(RANDOM_STREAMS))
      .default([])
      .describe(
        `random streams every recipe shares for the same seed (common random numbers), e.g. [dataOrder, init]; by default each stream is derived from (seed, stream, the cell's recipe), so no two recipes share one. Streams: ${RANDOM_STREAMS.join(', ')}`,
      ),
  })
  .strict();

const FilterSchema = z
  .object({
    dataset: id.optional(),
    architecture: id.optional(),
    optimizer: id.optional(),
    model: id.optional(),
    family: z.string().optional(),
    schedule: id.optional(),
    regularization: id.optional(),
    augmentation: id.optional(),
    earlyStopping: id.optional(),
    backbone: id.optional(),
    seed: z.number().int().optional(),
  })
  .strict();

export const SuiteSchema = z
  .object({
    name: id,
    description: z.string().optional(),
    datasets: z.array(ComponentSpecSchema).min(1, 'needs at least one dataset'),
    architectures: z.array(ComponentSpecSchema).optional().describe('network shorthand: architectures × optimizers expand into network models'),
    optimizers: z.array(ComponentSpecSchema).optional(),
    models: z.array(ComponentSpecSchema).optional().describe('models of any registered family (type: network, command, …)'),
    schedules: z.array(ComponentSpecSchema).min(1).optional().describe('recipe axis: learning-rate schedules (multiply every network model)'),
    regularization: z.array(ComponentSpecSchema).min(1).optional().describe('recipe axis: weight decay, dropout, label smoothing'),
    augmentation: z.array(ComponentSpecSchema).min(1).optional().describe('recipe axis: image augmentation of training batches'),
    earlyStopping: z.array(ComponentSpecSchema).min(1).optional().describe('recipe axis: early stopping on an inner validation split'),
    backbones: z.array(ComponentSpecSchema).min(1).optional().describe('recipe axis: scratch, pretrained or saved-file network bodies (transfer learning)'),
    seeds: z.array(z.number().int().nonnegative()).min(1, 'needs at least one seed'),
    protocol: ProtocolSchema,
    include: z.array(FilterSchema).optional().describe('keep only cells matching one of these'),
    exclude: z.array(FilterSchema).optional().describe('drop cells matching one of these'),
  })
  .strict();

export type ComponentSpecInput = z.input<typeof ComponentSpecSchema>;
export type ProtocolSpec = z.output<typeof ProtocolSchema>;
export type FilterSpec = z.output<typeof FilterSchema>;
export type SuiteInput = z.output<typeof SuiteSchema>;
