/**
 * `npm run bench:startup`: what a cell's worker costs before it trains — spawn → backend ready,
 * spawn → dataset loaded (the two overlap: the backend sets up while the dataset loads), spawn →
 * training starts (fold 0, epoch 0 announced with both ready: the model is built and the first
 * step taken right after) — for the real worker (dist/worker.bundle.js; `--worker dist/worker/main.js`
 * for tsc's modules) on one cell of
 * the default suite. CPU is the worker's own user+sys from /proc/<pid>/stat (10 ms ticks) at each
 * message it sends; wall is from the spawn. Median of several runs, one at a time, load average
 * printed (target: ≤ 0.5 s on a quiet machine).
 *
 * `--cpu-prof DIR` writes each worker's V8 CPU profile into DIR (the worker is then disconnected at
 * training, not killed, so it can write it) and prints the self time per function and per package
 * over the samples before training started (the profile's clock starts with the worker's, a few
 * ms after the spawn).
 *
 *   tsx scripts/bench-startup.ts [--runs 5] [--suite suites/fashion-mnist.yaml] [--cell linear] [--backend auto] [--worker dist/worker.bundle.js] [--cpu-prof DIR]
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registry } from '../src/registry/index.js';
import { expandMatrix } from '../src/spec/expand-matrix.js';
import { loadSuite } from '../src/spec/load-suite.js';
import type { StartMessage, WorkerMessage } from '../src/worker/protocol.js';
import { scriptArgs } from './script-args.js';

const args = scriptArgs("usage: npm run bench:startup -- [options]\na cell worker's CPU and wall from spawn to training (median of --runs)", {
  runs: { type: 'string', default: '5' },
  suite: { type: 'string', default: 'suites/fashion-mnist.yaml' },
  cell: { type: 'string', default: 'linear' },
  backend: { type: 'string', default: 'auto' },
  'cpu-prof': { type: 'string' },
  worker: { type: 'string', default: 'dist/worker.bundle.js' },
});
const ROOT = resolve(import.meta.dirname, '..');
const WORKER = resolve(ROOT, args.worker);
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
/** Each worker's pid → seconds from spawn to training (to cut its profile there). */
const pids = new Map<number, number>();
async function once(): Promise<Record<Stage, { wall: number; cpu?: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'divbench-startup-'));
  const t0 = performance.now();
  const child = fork(WORKER, [], {
    execArgv: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(args['cpu-prof'])] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, DIVBENCH_WORKER: '1' },
  });
  const seen: Partial<Record<Stage, { wall: number; cpu?: number }>> = {};
  const at = (s: Stage) => {
    seen[s] ??= { wall: (performance.now() - t0) / 1000, cpu: cpuOf(child.pid!) };
  };
  let announced = false,
    stopping = false;
  await new Promise<void>((done, fail) => {
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'backend') at('backend');
      else if (m.type === 'dataset') at('dataset');
      // Fold 0, epoch 0 announced: the worker builds the fold's model and takes its first step
      // as soon as the backend is ready too (it sets up while the dataset loads: either may be last)
      else if (m.type === 'progress' && m.phase === 'train' && m.fold === 0 && m.epoch === 0) announced = true;
      if (announced && seen.backend && seen.dataset && !stopping) {
        stopping = true;
        setTimeout(() => {
          at('training');
          if (args['cpu-prof']) child.disconnect();
          else child.kill('SIGKILL');
        }, 0);
      }
      if (m.type === 'outcome') {
        if (m.outcome.state !== 'completed') console.error('worker outcome:', JSON.stringify(m.outcome).slice(0, 2000));
        done();
      }
    });
    child.on('exit', (code, sig) => {
      if (!seen.training) console.error('worker exited', code, sig);
      done();
    });
    child.on('error', fail);
    const start: StartMessage = {
      type: 'start',
      cell,
      cellDir: dir,
      backend: args.backend as StartMessage['backend'],
      concurrency: 1,
      usesTf: registry.models[cell.model.type]?.usesTf === true,
    };
    child.send(start);
  });
  rmSync(dir, { recursive: true, force: true });
  for (const s of ['backend', 'dataset', 'training'] as const) if (!seen[s]) throw new Error(`the worker never reached '${s}'`);
  pids.set(child.pid!, seen.training!.wall);
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

if (args['cpu-prof']) {
  // self time per function and per package over every profile written
  const dir = resolve(args['cpu-prof']);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let total = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const until = pids.get(Number(f.split('.')[3]));
    if (until === undefined) continue;
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
    let t = 0;
    prof.samples.forEach((id, i) => {
      const cf = byId.get(id);
      const dt = prof.timeDeltas[i] ?? 0;
      t += dt;
      if (t > until * 1e6) return;
      if (!cf || cf.functionName === '(idle)') return;
      total += dt;
      const fn = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(ROOT, '.')}:${cf.lineNumber}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
      const pkg =
        /node_modules\/((@[^/]+\/)?[^/]+)/.exec(cf.url)?.[1] ??
        (cf.url.startsWith('node:') ? 'node:*' : cf.url.includes('/dist/') ? 'divbench dist/' : cf.url ? cf.url : cf.functionName);
      byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + dt);
    });
  }
  const ms = (us: number) => `${(us / 1000 / runs.length).toFixed(0).padStart(5)} ms`;
  console.log(`CPU profile (${dir}): self time per run, by package`);
  for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms(v)}  ${k}`);
  console.log('by function');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(v)}  ${k}`);
  console.log(`  ${ms(total)}  in all (idle excluded)`);
}
