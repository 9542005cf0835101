/**
 * One fold of a `command` model: writes the request files, runs the program, validates its output,
 * then serves `predict` from it (the program predicted every pool and test row; the fold protocol
 * picks the rows it scores). File layout and formats: docs/command-protocol.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandParams } from './command-params.js';
import { LearnerTimeoutError } from './learner-errors.js';
import type { FitData, FitReport, Learner, LearnerContext, LearnerOutput, PredictRows } from './types.js';

export const COMMAND_PROTOCOL = 'divbench-command/1';
const STDERR_TAIL = 4000;
/** Time kept back from the cell's limit so the worker, not the parent, stops a hung program. */
const MARGIN_MS = 1500;

interface Output {
  readonly pool: Float32Array;
  readonly test?: Float32Array;
  readonly features?: Float32Array;
  readonly featureSize?: number;
  readonly inference?: { samplesPerSec: number; batchSize: number; rme: number; samples: number };
}

/** Writes the cell's features once (x.f32, test_x.f32) into the work folder. */
function writeCellData(ctx: LearnerContext): void {
  const dir = ctx.cell.workDir;
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, 'data.json');
  if (existsSync(marker)) return;
  writeFileSync(join(dir, 'x.f32'), bytes(ctx.cell.pool.x));
  if (ctx.cell.test) writeFileSync(join(dir, 'test_x.f32'), bytes(ctx.cell.test.x));
  writeFileSync(marker, JSON.stringify({ poolRows: ctx.cell.pool.n, testRows: ctx.cell.test?.n ?? 0 }));
}

function bytes(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class CommandLearner implements Learner {
  private out?: Output;
  private wallMs = 0;

  constructor(
    private readonly p: CommandParams,
    private readonly ctx: LearnerContext,
  ) {}

  async fit(train: FitData): Promise<FitReport> {
    const { ctx } = this;
    writeCellData(ctx);
    const dir = join(ctx.cell.workDir, `r${ctx.repeat}f${ctx.fold}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'train_idx.i32'), bytes(train.indices));
    writeFileSync(join(dir, 'train_y.i32'), bytes(train.y));
    writeFileSync(join(dir, 'probe_idx.i32'), bytes(ctx.cell.probe));
    const rowSize = ctx.shape.reduce((a, b) => a * b, 1);
    const request = {
      protocol: COMMAND_PROTOCOL,
      cell: ctx.cell.id,
      repeat: ctx.repeat,
      fold: ctx.fold,
      numClasses: ctx.numClasses,
      shape: ctx.shape,
      rowSize,
      seed: ctx.seed('sampling'),
      pool: { x: join(ctx.cell.workDir, 'x.f32'), n: ctx.cell.pool.n },
      test: ctx.cell.test ? { x: join(ctx.cell.workDir, 'test_x.f32'), n: ctx.cell.test.n } : null,
      train: { indices: join(dir, 'train_idx.i32'), labels: join(dir, 'train_y.i32'), n: train.n },
      probe: { indices: join(dir, 'probe_idx.i32'), n: ctx.cell.probe.length },
      output: {
        poolProbs: join(dir, 'pool_probs.f32'),
        testProbs: join(dir, 'test_probs.f32'),
        features: join(dir, 'probe_features.f32'),
        done: join(dir, 'output.json'),
      },
    };
    const requestFile = join(dir, 'request.json');
    writeFileSync(requestFile, `${JSON.stringify(request, null, 2)}\n`);
    const started = performance.now();
    const { stderr } = await this.run(requestFile);
    this.wallMs = performance.now() - started;
    this.out = readOutput(request, stderr, this.where());
    return {};
  }

  private where(): string {
    return `command '${this.p.command.join(' ')}' (repeat ${this.ctx.repeat}, fold ${this.ctx.fold})`;
  }

  private run(requestFile: string): Promise<{ stderr: string }> {
    const budget = Math.max(1000, this.ctx.cell.timeoutMs - process.uptime() * 1000 - MARGIN_MS);
    const mem = this.ctx.cell.memoryLimitMiB;
    const argv = [...this.p.command, requestFile];
    const full = mem && existsSync('/usr/bin/prlimit') ? ['/usr/bin/prlimit', `--as=${mem * 1024 * 1024}`, '--', ...argv] : argv;
    return new Promise((resolve, reject) => {
      let stderr = '';
      let timedOut = false;
      const child = spawn(full[0], full.slice(1), {
        cwd: this.ctx.cell.suiteDir,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...this.p.env, DIVBENCH_REQUEST: requestFile },
      });
      if (child.pid) this.ctx.processGroup?.(child.pid, true);
      const kill = () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      };
      process.once('exit', kill);
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, budget);
      child.stderr.on('data', (c: Buffer) => {
        stderr = (stderr + c.toString('utf8')).slice(-STDERR_TAIL);
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        process.removeListener('exit', kill);
        reject(new Error(`${this.where()} could not start: ${e.message}. Check the first element of params.command is a program on this machine`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        process.removeListener('exit', kill);
        kill(); // anything the program left running in its group
        if (child.pid) this.ctx.processGroup?.(child.pid, false);
        const tail = stderr.trim();
        const said = tail ? `. Its stderr ends:\n${tail}` : ' (no stderr)';
        if (timedOut)
          reject(
            new LearnerTimeoutError(
              `${this.where()} ran past the cell's time (${Math.round(budget / 1000)} s left of timeout ${Math.round(this.ctx.cell.timeoutMs / 1000)} s) and was killed${said}`,
              this.ctx.cell.timeoutMs,
              tail,
            ),
          );
        else if (code !== 0)
          reject(
            new Error(
              `${this.where()} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${mem ? ` (memoryLimit ${mem} MiB as address-space limit)` : ''}${said}`,
            ),
          );
        else resolve({ stderr: tail });
      });
    });
  }

  async predict(_x: Float32Array, n: number, options: { readonly features: boolean; readonly rows?: PredictRows }): Promise<LearnerOutput> {
    const out = this.out!;
    const rows = options.rows;
    const K = this.ctx.numClasses;
    if (!rows?.indices || rows.set === 'batch')
      throw new Error(`the command family predicts only the pool and test rows of its request (asked for ${n} rows without an index)`);
    const source = rows.set === 'test' ? out.test : out.pool;
    if (!source) throw new Error(`${this.where()}: no test-split predictions`);
    const probs = new Float32Array(n * K);
    rows.indices.forEach((i, j) => probs.set(source.subarray(i * K, (i + 1) * K), j * K));
    if (!options.features || !out.features || !out.featureSize) return { probs };
    const d = out.featureSize;
    const position = new Map(Array.from(this.ctx.cell.probe, (i, j) => [i, j]));
    const features = new Float32Array(n * d);
    for (let j = 0; j < n; j++) {
      const at = position.get(rows.indices[j]);
      if (at === undefined) return { probs };
      features.set(out.features.subarray(at * d, (at + 1) * d), j * d);
    }
    return { probs, features, featureSize: d };
  }

  reportedThroughput() {
    if (!this.out) return null;
    if (this.out.inference) return this.out.inference;
    // The program measured nothing: rows it predicted per second of its whole run (fit included), a lower bound.
    const rows = this.ctx.cell.pool.n + (this.ctx.cell.test?.n ?? 0);
    return { samplesPerSec: rows / Math.max(this.wallMs / 1000, 1e-9), batchSize: rows, rme: 0, samples: 0 };
  }

  dispose(): void {
    this.out = undefined;
  }
}

interface Request {
  readonly repeat: number;
  readonly fold: number;
  readonly numClasses: number;
  readonly pool: { readonly n: number };
  readonly test: { readonly n: number } | null;
  readonly probe: { readonly n: number };
  readonly output: { readonly poolProbs: string; readonly testProbs: string; readonly features: string; readonly done: string };
}

/** Reads and validates what the program wrote; every problem names the file and the fix. */
function readOutput(req: Request, stderr: string, where: string): Output {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg} (protocol: docs/command-protocol.md)${stderr ? `. Its stderr ends:\n${stderr}` : ''}`);
  };
  if (!existsSync(req.output.done)) fail(`exited 0 but wrote no ${req.output.done}`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(req.output.done, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return fail(`output.json is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (meta === null || typeof meta !== 'object') fail('output.json must be an object');
  if (meta.protocol !== COMMAND_PROTOCOL) fail(`output.json protocol is ${JSON.stringify(meta.protocol)}, expected "${COMMAND_PROTOCOL}"`);
  if (meta.repeat !== req.repeat || meta.fold !== req.fold)
    fail(
      `output.json is for repeat ${JSON.stringify(meta.repeat)} fold ${JSON.stringify(meta.fold)}, but the request was repeat ${req.repeat} fold ${req.fold} (misaligned output)`,
    );
  const K = req.numClasses;
  const matrix = (file: string, rows: number, what: string): Float32Array => {
    if (!existsSync(file)) fail(`wrote no ${what} file ${file}`);
    const size = statSync(file).size;
    if (size !== rows * K * 4)
      fail(
        `${what} ${file} has ${size} bytes, expected ${rows} rows × ${K} classes × 4 bytes = ${rows * K * 4} (misaligned output: one float32 row per ${what === 'test probabilities' ? 'test' : 'pool'} example, in index order)`,
      );
    const buf = readFileSync(file);
    const a = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const v = a[r * K + k];
        if (!Number.isFinite(v)) fail(`${what} row ${r} has a non-finite value (${v})`);
        if (v < -1e-6 || v > 1 + 1e-6) fail(`${what} row ${r} has ${v}, outside [0, 1]`);
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) fail(`${what} row ${r} sums to ${sum}, not 1 (write class probabilities, e.g. predict_proba)`);
    }
    return a;
  };
  if (meta.poolRows !== req.pool.n) fail(`output.json poolRows is ${JSON.stringify(meta.poolRows)}, expected ${req.pool.n} (every pool example)`);
  const pool = matrix(req.output.poolProbs, req.pool.n, 'pool probabilities');
  const test = req.test ? matrix(req.output.testProbs, req.test.n, 'test probabilities') : undefined;
  let features: Float32Array | undefined;
  let featureSize: number | undefined;
  if (meta.featureSize !== undefined && meta.featureSize !== null) {
    const d = meta.featureSize;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) fail(`output.json featureSize ${JSON.stringify(d)} must be a positive integer`);
    const file = req.output.features;
    if (!existsSync(file)) fail(`output.json says featureSize ${String(d)} but wrote no ${file}`);
    const size = statSync(file).size;
    if (size !== req.probe.n * (d as number) * 4) fail(`probe features ${file} has ${size} bytes, expected ${req.probe.n} probe rows × ${String(d)} × 4`);
    const buf = readFileSync(file);
    features = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const bad = features.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail(`probe features row ${Math.floor(bad / (d as number))} has a non-finite value`);
    featureSize = d as number;
  }
  let inference: Output['inference'];
  const inf = meta.inference as { samplesPerSec?: unknown; batchSize?: unknown } | undefined;
  if (inf !== undefined && inf !== null) {
    if (typeof inf.samplesPerSec !== 'number' || !(inf.samplesPerSec > 0) || typeof inf.batchSize !== 'number' || !(inf.batchSize > 0))
      fail('output.json inference must be { "samplesPerSec": number > 0, "batchSize": number > 0 }');
    inference = { samplesPerSec: inf.samplesPerSec as number, batchSize: inf.batchSize as number, rme: 0, samples: 0 };
  }
  return { pool, ...(test ? { test } : {}), ...(features ? { features, featureSize } : {}), ...(inference ? { inference } : {}) };
}
