/**
 * The baseline manifest (`reports/baselines/<suite>/<name>/manifest.json`), as a zod schema: what
 * was run (suite, resolved cells, dataset and fold hashes), what it measured (per-fold metrics,
 * headline indices — all recomputable from the stored predictions) and where it came from
 * (provenance). Objects are strict: an unknown key is an error, not silently ignored.
 */
import { z } from 'zod';
import { KEBAB, MODEL_ID } from './names.js';

export const BASELINE_SCHEMA_VERSION = 1;

/** How predictions are stored; verify rejects any other encoding string. */
export const ENCODING = {
  format: 'arrow-ipc-file',
  rows: 'one row per (repeat, example index), repeat-major, in index order',
  pred: 'pred: predicted class (uint8 when K ≤ 256, else int32)',
  ptrue: 'ptrue: float32 probability of the true class, as the model wrote it (recomputes the held-out loss exactly)',
  probabilities:
    'q0..q{K-1}: probabilities quantised to integers summing to 255 (uint8; 65535/uint16 when K > 255) by largest-remainder rounding; p_k = q_k / 255',
  datasets: 'datasets/<id>.arrow: label, fold_r<repeat> (uint8 when < 256, else int32)',
} as const;

const notBuiltIn = (s: string) => s.split('.').every((part) => !(part in Object.prototype));
const kebab = z.string().regex(KEBAB, 'must be kebab-case').refine(notBuiltIn, 'is a built-in JavaScript property name; choose another id');
const modelId = z
  .string()
  .regex(MODEL_ID, 'must be kebab-case parts joined by dots')
  .max(200)
  .refine(notBuiltIn, 'has a part that is a built-in JavaScript property name; choose another id');
const sha = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>');
const num = z.number().finite();
const nullableNum = num.nullable();
/** An accuracy: a proportion. */
const proportion = num.min(0).max(1);
/** A loss or a throughput: never negative. */
const nonNegative = num.min(0);

/** Bounds on declared sizes, checked before anything is allocated from them. */
export const MANIFEST_LIMITS = { examples: 100_000_000, classes: 100_000, folds: 1_000, repeats: 1_000, models: 100_000 } as const;

export const StoredFileSchema = z.object({ path: z.string(), sha256: sha, bytes: z.number().int().nonnegative() }).strict();

export const ComponentSchema = z.object({ type: z.string().min(1), id: kebab, params: z.record(z.string(), z.unknown()) }).strict();

export const FoldEntrySchema = z
  .object({
    repeat: z.number().int().nonnegative(),
    fold: z.number().int().nonnegative(),
    heldOutSize: z.number().int().positive().max(MANIFEST_LIMITS.examples),
    /** Recomputed from the stored predictions. */
    heldOut: z.object({ accuracy: proportion, loss: nonNegative.nullable() }).strict(),
    /** Attested by the run (its training-subset predictions are not stored); null for external models. */
    train: z.object({ accuracy: proportion, loss: nonNegative }).strict().nullable(),
    /** train.accuracy − heldOut.accuracy (checked against both). */
    gap: num.min(-1).max(1).nullable(),
    lossGap: nullableNum,
    trainSamplesPerSec: nonNegative.nullable(),
  })
  .strict();

export const ModelEntrySchema = z
  .object({
    id: modelId,
    dataset: kebab,
    external: z.boolean(),
    architecture: ComponentSchema.optional(),
    optimizer: ComponentSchema.optional(),
    /** Non-network cells (random forest, boosting, kNN, naive Bayes, command): the model component. */
    model: ComponentSchema.optional(),
    seed: z.number().int().optional(),
    description: z.string().max(500).optional(),
    file: StoredFileSchema,
    hasProbabilities: z.boolean(),
    /** Accuracy of the pooled out-of-fold predictions of repeat 0 (recomputed). */
    oofAccuracy: proportion,
    folds: z
      .array(FoldEntrySchema)
      .min(1)
      .max(MANIFEST_LIMITS.folds * MANIFEST_LIMITS.repeats),
    /** Attested; compared only between equal hardware fingerprints. */
    throughput: z
      .object({ backend: z.string().max(200), trainSamplesPerSec: nonNegative.nullable(), inferenceSamplesPerSec: nonNegative.nullable() })
      .strict()
      .nullable(),
  })
  .strict();

export const DatasetEntrySchema = z
  .object({
    id: kebab,
    type: z.string().min(1),
    params: z.record(z.string(), z.unknown()),
    hash: sha,
    n: z.number().int().positive().max(MANIFEST_LIMITS.examples),
    numClasses: z.number().int().min(2).max(MANIFEST_LIMITS.classes),
    folds: z.number().int().min(2).max(MANIFEST_LIMITS.folds),
    repeats: z.number().int().positive().max(MANIFEST_LIMITS.repeats),
    stratified: z.boolean(),
    splitSeed: z.number().int(),
    /** foldHash of each repeat's assignment (src/spec/folds.ts). */
    foldHashes: z.array(sha).min(1).max(MANIFEST_LIMITS.repeats),
    file: StoredFileSchema,
  })
  .strict()
  .refine((d) => d.folds <= d.n, { message: 'more folds than examples', path: ['folds'] });

export const IndicesSchema = z
  .object({
    models: z.array(modelId),
    meanAccuracy: proportion,
    oracleAccuracy: proportion,
    errorConsistency: nullableNum,
    capa: z.object({ kind: z.string(), mean: nullableNum }).strict(),
    systemicFailure: z.object({ observed: num, independent: num, h: nullableNum, log2h: nullableNum, nsf: nullableNum }).strict(),
  })
  .strict();

export const ProvenanceSchema = z
  .object({
    divbench: z.string(),
    node: z.string().nullable(),
    tfjs: z.string().nullable(),
    backends: z.array(z.string()),
    hardware: z.object({ cpu: z.string(), cores: z.number().int(), platform: z.string(), arch: z.string(), fingerprint: z.string() }).strict().nullable(),
    gitCommit: z.string().nullable(),
    gitDirty: z.boolean().nullable(),
    runId: z.string().nullable(),
    /** When the run (or, for external baselines, the predictions file) was produced. */
    date: z.string(),
    source: z.string(),
  })
  .strict();

export const ManifestSchema = z
  .object({
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    name: kebab,
    kind: z.enum(['run', 'external']),
    suite: z
      .object({
        name: kebab,
        /** Suite file, relative to the divbench package root. */
        file: z.string(),
        /** The resolved suite (defaults filled in) the run used, without its absolute path. */
        resolved: z.record(z.string(), z.unknown()),
      })
      .strict(),
    encoding: z.object({ format: z.string(), rows: z.string(), pred: z.string(), ptrue: z.string(), probabilities: z.string(), datasets: z.string() }).strict(),
    provenance: ProvenanceSchema,
    datasets: z.array(DatasetEntrySchema).min(1).max(10_000),
    models: z.array(ModelEntrySchema).min(1).max(MANIFEST_LIMITS.models),
    /** Headline indices per dataset over this baseline's models (CKA is not stored: no features). */
    indices: z.record(z.string(), IndicesSchema),
  })
  .strict();

export type BaselineManifest = z.infer<typeof ManifestSchema>;
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type DatasetEntry = z.infer<typeof DatasetEntrySchema>;
export type FoldEntry = z.infer<typeof FoldEntrySchema>;
export type HeadlineIndices = z.infer<typeof IndicesSchema>;
