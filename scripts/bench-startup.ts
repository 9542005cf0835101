/**
 * `npm run bench:startup`: what a cell's worker costs before it trains — spawn → backend ready →
 * dataset loaded → training starts (fold 0, epoch 0: the model is built and the first step taken
 * right after) — for the real worker (dist/worker/main.js) on one cell of
 * the default suite. CPU is the worker's own user+sys from /proc/<pid>/stat (10 ms ticks) at each
 * message it sends; wall is from the spawn. Median of several runs, one at a time, load average
 * printed (target: ≤ 0.5 s on a quiet machine).
 *
 *   tsx scripts/bench-startup.ts [--runs 5] [--suite suites/fashion-mnist.yaml] [--cell linear] [--backend auto]
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandMatrix } from '../src/spec/expand-matrix.js';
import { loadSuite } from '../src/spec/load-suite.js';
import type { StartMessage, WorkerMessage } from '../src/worker/protocol.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    suite: { type: 'string', default: 'suites/fashion-mnist.yaml' },
    cell: { type: 'string', default: 'linear' },
    backend: { type: 'string', default: 'auto' },
  },
});
const ROOT = resolve(import.meta.dirname, '..');
const WORKER = join(ROOT, 'dist/worker/main.js');
if (!existsSync(WORKER)) {
  console.error(`${WORKER} is missing: run \`npm run build\` first`);
  process.exit(2);
}
const TICK = 100; // USER_HZ on Linux
const cpuOf = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime
  } catch {
    return undefined;
  }
};

const cells = expandMatrix(loadSuite(resolve(ROOT, args.suite)));
const found = cells.find((c) => c.id.includes(args.cell));
if (!found) throw new Error(`no cell of ${args.suite} matches '${args.cell}'`);
const cell = found;

type Stage = 'backend' | 'dataset' | 'training';
async function once(): Promise<Record<Stage, { wall: number; cpu?: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-startup-'));
  const t0 = performance.now();
  const child = fork(WORKER, [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, DIVBENCH_WORKER: '1' },
  });
  const seen: Partial<Record<Stage, { wall: number; cpu?: number }>> = {};
  const at = (s: Stage) => {
    seen[s] ??= { wall: (performance.now() - t0) / 1000, cpu: cpuOf(child.pid!) };
  };
  await new Promise<void>((done, fail) => {
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'backend') at('backend');
      else if (m.type === 'dataset') at('dataset');
      // Fold 0, epoch 0: the worker is about to build the fold's model and take its first step.
      else if (m.type === 'progress' && m.phase === 'train' && m.fold === 0 && m.epoch === 0)
        setTimeout(() => {
          at('training');
          child.kill('SIGKILL');
        }, 0);
      if (m.type === 'outcome') done();
    });
    child.on('exit', () => done());
    child.on('error', fail);
    const start: StartMessage = { type: 'start', cell, cellDir: dir, backend: args.backend as StartMessage['backend'], concurrency: 1 };
    child.send(start);
  });
  rmSync(dir, { recursive: true, force: true });
  for (const s of ['backend', 'dataset', 'training'] as const) if (!seen[s]) throw new Error(`the worker never reached '${s}'`);
  return seen as Record<Stage, { wall: number; cpu?: number }>;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
console.log(
  `cell ${cell.id}, backend ${args.backend}; load average before: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const runs: Array<Record<Stage, { wall: number; cpu?: number }>> = [];
for (let i = 0; i < Number(args.runs); i++) runs.push(await once());
for (const s of ['backend', 'dataset', 'training'] as const) {
  const cpu = runs.map((r) => r[s].cpu).filter((v): v is number => v !== undefined);
  console.log(
    `  spawn → ${s.padEnd(10)}  CPU ${cpu.length ? `${median(cpu).toFixed(2)} s` : 'n/a (no /proc)'}  wall ${median(runs.map((r) => r[s].wall)).toFixed(2)} s`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (${runs.length} runs, median; target ≤ 0.5 s until training on a quiet machine)`,
);
