/** Runs the built CLI (dist/cli.js, as users do after `npm ci`) and captures its output. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');

/** The fixture worker that injects DIVBENCH_FIXTURE_FAULTS into cells: `run --worker FAULT_WORKER`. */
export const FAULT_WORKER = join(ROOT, 'test/fixtures/workers/fault-worker.ts');

/** `run` arguments and env that run each named cell (id substring → fault) in the fault worker. */
export function withFaults(faults: Record<string, string>): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--worker', FAULT_WORKER],
    env: {
      DIVBENCH_FIXTURE_FAULTS: Object.entries(faults)
        .map(([cell, f]) => `${cell}=${f}`)
        .join(','),
    },
  };
}

export function cli(args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}) {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it for you)');
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CI: 'true', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `divbench-${prefix}-`));
}

/** The single run folder under `<out>/<suite>/`. */
export function onlyRun(out: string, suite: string): string {
  const runs = readdirSync(join(out, suite));
  if (runs.length !== 1) throw new Error(`expected one run under ${out}/${suite}, found ${runs.join(', ')}`);
  return join(out, suite, runs[0]);
}
