/**
 * `npm run bench:engine`: what the execution engine costs.
 *  1. Harness overhead per cell: child spawn + tfjs/backend setup + dataset load, i.e. the time
 *     from spawning a worker until its first training step, in ms and as % of a default-suite
 *     cell (mean cell duration of the latest reports/runs/fashion-mnist run, when there is one).
 *  2. Parallel efficiency of a CPU matrix: serial time / (parallel time × jobs), same cells, each
 *     run as the harness runs it (workers --single-threaded only when every core is busy), and the
 *     CPU the cells' processes used (a lone cell's V8 helper threads use more than one core).
 *  3. The machine's own ceiling, measured in the same run: a CPU-bound loop (8 MiB of float64,
 *     about the working set of a training step) alone and `jobs` copies at once, in separate
 *     processes; efficiency = time alone / time of the slowest copy. On a shared VM it moves from
 *     run to run, so part 2 is quoted beside it.
 * Prints figures; asserts nothing (targets: overhead ≤ 5%, efficiency ≥ 90% on 2 cores).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../dist/harness/run-suite.js';
import { workerNodeFlags } from '../dist/harness/spawn-cell.js';
import type { ProgressReporter } from '../dist/harness/progress.js';
import { latestRun, readAllResults } from '../dist/store/run-dir.js';

const tmp = mkdtempSync(join(os.tmpdir(), 'divbench-bench-engine-'));

function suiteFile(name: string, body: string): string {
  const f = join(tmp, `${name}.yaml`);
  writeFileSync(f, body);
  return f;
}

const overheads: number[] = [];
function timingReporter(): ProgressReporter {
  const spawned = new Map<string, number>();
  return {
    start() {},
    end() {},
    note() {},
    cellEnd() {},
    cellStart(id) {
      spawned.set(id, performance.now());
    },
    cellMessage(id, m) {
      if (m.type === 'progress' && m.phase === 'train' && m.fold === 0 && m.epoch === 0 && spawned.has(id)) {
        overheads.push(performance.now() - spawned.get(id)!);
        spawned.delete(id);
      }
    },
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

async function main() {
  process.stdout.write(`divbench engine benchmark — ${os.cpus()[0]?.model} × ${os.cpus().length} cores, node ${process.version}\n\n`);
  // 1. overhead: 6 short cells on the shipped Fashion-MNIST (real dataset load), one at a time.
  const overheadSuite = suiteFile(
    'overhead',
    `name: overhead
datasets: [{ type: fashion-mnist, params: { variant: shipped } }]
architectures: [{ type: linear }]
optimizers: [{ type: sgd }, { type: adam }, { type: rmsprop }]
seeds: [1, 2]
protocol: { folds: 2, epochs: 1, batchSize: 256, probeSize: 16, throughput: { iterations: 3, time: 10, warmupIterations: 1 } }
`,
  );
  await runSuite({ suiteFile: overheadSuite, outRoot: join(tmp, 'runs'), jobs: 1, reporter: timingReporter(), backend: 'auto' });
  const overhead = median(overheads);
  const ref = latestRun('reports/runs', 'fashion-mnist');
  const refCells = ref ? readAllResults(ref).filter((r) => r.state === 'completed') : [];
  process.stdout.write(`1. harness overhead per cell (spawn → backend → dataset load → first step), ${overheads.length} cells:\n`);
  process.stdout.write(`   median ${overhead.toFixed(0)} ms (min ${Math.min(...overheads).toFixed(0)}, max ${Math.max(...overheads).toFixed(0)})\n`);
  if (refCells.length) {
    const mean = refCells.reduce((a, r) => a + r.durationMs, 0) / refCells.length;
    const shortest = Math.min(...refCells.map((r) => r.durationMs));
    process.stdout.write(
      `   default-suite cells (${ref}): mean ${(mean / 1000).toFixed(1)} s → overhead ${((100 * overhead) / mean).toFixed(1)}% of a mean cell, ${((100 * overhead) / shortest).toFixed(1)}% of the shortest (target ≤ 5%)\n`,
    );
  } else {
    process.stdout.write('   (no reports/runs/fashion-mnist run found: run `npm run bench` first to get the % of a default-suite cell)\n');
  }

  // 2. parallel efficiency: the same CPU matrix serially and with all cores.
  const jobs = Math.max(2, os.availableParallelism?.() ?? os.cpus().length);
  const effSuite = suiteFile(
    'efficiency',
    `name: efficiency
datasets: [{ type: fashion-mnist, params: { variant: shipped } }]
architectures: [{ type: mlp, params: { hidden: [256, 128] } }]
optimizers: [{ type: sgd }, { type: adam }]
seeds: [1, 2]
protocol: { folds: 3, epochs: 1, batchSize: 64, probeSize: 256, throughput: { batchSize: 128, iterations: 20, time: 500 } }
`,
  );
  const silent = timingReporter();
  const parentCpu: number[] = [];
  const childCpu: number[] = [];
  const timeRun = async (j: number) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const k0 = childrenCpuSeconds();
    await runSuite({ suiteFile: effSuite, outRoot: join(tmp, `runs-${j}`), jobs: j, reporter: silent, backend: 'auto' });
    const c = process.cpuUsage(c0);
    parentCpu.push((c.user + c.system) / 1000);
    childCpu.push(childrenCpuSeconds() - k0);
    return performance.now() - t0;
  };
  const serial = await timeRun(1);
  const parallel = await timeRun(jobs);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const flags = (j: number) => workerNodeFlags(j, cores).join(' ') || 'default V8 flags';
  process.stdout.write(
    `\n2. parallel efficiency, 4 default-suite MLP cells (10k images, 3 folds, 1 epoch; workers: serial ${flags(1)}, ${jobs} jobs ${flags(jobs)}):\n`,
  );
  process.stdout.write(
    `   serial ${(serial / 1000).toFixed(1)} s, ${jobs} jobs ${(parallel / 1000).toFixed(1)} s → efficiency ${((100 * serial) / (parallel * jobs)).toFixed(0)}% (target ≥ 90%), speed-up ${(serial / parallel).toFixed(2)}×\n`,
  );
  process.stdout.write(
    `   the harness process itself: ${(parentCpu[0] / 1000).toFixed(2)} s CPU serial, ${(parentCpu[1] / 1000).toFixed(2)} s with ${jobs} jobs\n`,
  );
  if (childCpu.every((v) => Number.isFinite(v))) {
    // a worker's V8 helper threads (concurrent compiles, GC) use an idle core for free when it runs alone
    process.stdout.write(
      `   the cells' processes: ${childCpu[0].toFixed(1)} s CPU serial (${(childCpu[0] / (serial / 1000)).toFixed(2)} cores busy on average), ${childCpu[1].toFixed(1)} s with ${jobs} jobs (${(childCpu[1] / (parallel / 1000)).toFixed(2)} cores); CPU per cell ×${(childCpu[1] / childCpu[0]).toFixed(2)} in parallel\n`,
    );
  }
  await ceiling(jobs);
}

/** CPU seconds (user + system) of this process's waited-for children so far (Linux /proc; NaN elsewhere). */
function childrenCpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // fields 16 and 17 of stat(5), cutime and cstime, in clock ticks (USER_HZ = 100 on Linux)
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Wall ms of `copies` processes running the same CPU-bound loop at once (the slowest one's). */
async function spin(copies: number): Promise<number> {
  const code = `(() => { const a = new Float64Array(1 << 20).map((_, i) => i % 7); let s = 0; const t = performance.now();
for (let r = 0; r < 1500; r++) for (let i = 0; i < a.length; i++) s += a[i] * 1.0000001;
process.stdout.write(String(performance.now() - t + (s > 0 ? 0 : 1))); })();`;
  const times = await Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<number>((resolve, reject) => {
          execFile(process.execPath, ['-e', code], (err, out) => (err ? reject(err) : resolve(Number(out))));
        }),
    ),
  );
  return Math.max(...times);
}

async function ceiling(jobs: number): Promise<void> {
  const alone: number[] = [];
  const together: number[] = [];
  for (let r = 0; r < 5; r++) {
    alone.push(await spin(1));
    together.push(await spin(jobs));
  }
  const e = median(alone) / median(together);
  process.stdout.write(
    `\n3. this machine's ceiling now: a CPU-bound loop alone ${median(alone).toFixed(0)} ms, ${jobs} at once ${median(together).toFixed(0)} ms (medians of 5) → ${(100 * e).toFixed(0)}%\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
