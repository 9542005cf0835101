/**
 * Shards: `--shard i/n` (1-based) keeps a deterministic, balanced part of the matrix — cell j (in
 * matrix order) goes to shard (j mod n) + 1, so every dataset × architecture group is spread over
 * all shards. `--shard auto[/n]` takes the index from the scheduler: Kubernetes Indexed Jobs
 * (`JOB_COMPLETION_INDEX`, 0-based; n must be given) or Slurm job arrays (`SLURM_ARRAY_TASK_ID`,
 * offset by `SLURM_ARRAY_TASK_MIN`; n from `SLURM_ARRAY_TASK_COUNT` unless given).
 */
import { UsageError } from '../errors.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
  readonly source: string;
}

export function parseShard(spec: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^(auto|\d+)(?:\/(\d+))?$/.exec(spec.trim());
  if (!m) throw new UsageError(`--shard ${spec}: expected i/n (e.g. 2/4, 1-based) or auto[/n]`);
  const given = m[2] !== undefined ? Number(m[2]) : undefined;
  if (m[1] !== 'auto') {
    const index = Number(m[1]);
    if (given === undefined) throw new UsageError(`--shard ${spec}: give the number of shards too, e.g. ${index}/4`);
    return check({ index, count: given, source: 'flag' }, spec);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (given === undefined)
      throw new UsageError(
        '--shard auto: JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set, but the number of shards is not: use --shard auto/<completions>',
      );
    return check({ index: toInt(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX') + 1, count: given, source: 'JOB_COMPLETION_INDEX' }, spec);
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? toInt(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
    const count = given ?? (env.SLURM_ARRAY_TASK_COUNT !== undefined ? toInt(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : undefined);
    if (count === undefined) throw new UsageError('--shard auto: SLURM_ARRAY_TASK_COUNT is not set; use --shard auto/<n>');
    return check({ index: toInt(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID') - min + 1, count, source: 'SLURM_ARRAY_TASK_ID' }, spec);
  }
  throw new UsageError('--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set; use --shard i/n');
}

function toInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name}=${v} is not a non-negative integer`);
  return n;
}

function check(s: Shard, spec: string): Shard {
  if (!Number.isInteger(s.count) || s.count < 1) throw new UsageError(`--shard ${spec}: the number of shards must be ≥ 1`);
  if (!Number.isInteger(s.index) || s.index < 1 || s.index > s.count) throw new UsageError(`--shard ${spec}: shard index ${s.index} is outside 1..${s.count}`);
  return s;
}

export function selectShard<T>(cells: T[], shard: Shard): T[] {
  return cells.filter((_, j) => j % shard.count === shard.index - 1);
}
