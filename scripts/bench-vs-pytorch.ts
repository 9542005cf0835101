/**
 * `npm run bench:vs-pytorch`: the default suite's cells trained by divbench (wasm) and by PyTorch
 * on the same data file, the same folds (scripts/vs-pytorch.py ports divbench's fold assignment
 * and checks it against `divbench folds`), epochs, batch size, architectures and optimizers, 2
 * processes × 1 thread on each side. Prints per-cell time, training samples/s and held-out
 * accuracy for both, the ratios, and each side's CPU seconds (user+sys of the whole process tree,
 * from /usr/bin/time) with the load average. Skips, saying so, when no python3 has torch.
 *
 *   tsx scripts/bench-vs-pytorch.ts [--suite suites/fashion-mnist.yaml] [--divbench-run <run-dir>]
 *        [--seeds 1] [--architectures linear,mlp] [--optimizers sgd] [--procs 2]
 *
 * Both sides' samples/s are per CPU-second of training: divbench's is the cell's
 * `trainSamplesPerCpuSec` (median over its steady epochs of training examples per CPU-second of the
 * worker, result.json), PyTorch's the training loop's examples per CPU-second of its process. Per
 * CPU-second, a side is not penalised for sharing the cores with other processes (divbench's
 * per-wall-second `trainSamplesPerSec` is used only for a run that predates the CPU figure).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { expandMatrix } from '../src/spec/expand-matrix.js';
import { loadSuite } from '../src/spec/load-suite.js';
import { latestRun, readRunFolder } from '../src/store/run-dir.js';
import { scriptArgs } from './script-args.js';

const args = scriptArgs(
  'usage: npm run bench:vs-pytorch -- [options]\nthe default suite in divbench and in PyTorch (same data, folds, epochs, batch); --seeds, --architectures, --optimizers narrow it (comma lists)',
  {
    suite: { type: 'string', default: 'suites/fashion-mnist.yaml' },
    'divbench-run': { type: 'string' },
    seeds: { type: 'string' },
    architectures: { type: 'string' },
    optimizers: { type: 'string' },
    procs: { type: 'string', default: '2' },
  },
);
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'divbench-vs-pytorch-'));
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

function findTorchPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Runs a command under /usr/bin/time; returns its stdout and the tree's user+sys and wall seconds. */
function timed(cmd: string, argv: string[]): { stdout: string; cpu: number; wall: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %U %S %e', cmd, ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = r.stderr.split('\n').find((l) => l.startsWith('__TIME__'));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [u, s, e] = line.split(' ').slice(1).map(Number);
  return { stdout: r.stdout, cpu: u + s, wall: e };
}

const py = findTorchPython();
if (!py) {
  console.log('bench:vs-pytorch skipped: no python3 with torch and numpy (tried /usr/bin/python3 and python3; Debian: apt-get install python3-torch).');
  process.exit(0);
}
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\``);
if (!existsSync('/usr/bin/time')) throw new Error("/usr/bin/time is missing (Debian: apt-get install time): it measures each side's CPU seconds");

// The suite both sides run: the given one, optionally narrowed to some seeds/architectures/optimizers.
// Network cells only (architecture × optimizer): other model families (the `models:` axis) have
// no PyTorch port here, so they are dropped from the suite divbench runs too — both sides do the
// same work.
let suiteFile = resolve(ROOT, args.suite);
const original = parseYaml(readFileSync(suiteFile, 'utf8')) as Record<string, unknown>;
if (args.seeds || args.architectures || args.optimizers || original.models !== undefined) {
  const doc = original;
  const keep = (list: string | undefined, items: Array<{ type: string }>) => (list ? items.filter((i) => list.split(',').includes(i.type)) : items);
  if (args.seeds) doc.seeds = args.seeds.split(',').map(Number);
  doc.architectures = keep(args.architectures, doc.architectures as Array<{ type: string }>);
  doc.optimizers = keep(args.optimizers, doc.optimizers as Array<{ type: string }>);
  delete doc.models;
  if (Array.isArray(doc.exclude)) {
    doc.exclude = (doc.exclude as Array<Record<string, unknown>>).filter((e) => !('model' in e));
    if ((doc.exclude as unknown[]).length === 0) delete doc.exclude;
  }
  // Relative data paths keep working: the narrowed suite sits beside the original.
  suiteFile = join(resolve(suiteFile, '..'), `.vs-pytorch-${process.pid}.yaml`);
  writeFileSync(suiteFile, stringify(doc));
  const narrowed = suiteFile;
  process.on('exit', () => rmSync(narrowed, { force: true }));
}
const cells = expandMatrix(loadSuite(suiteFile)).filter((c) => c.architecture !== undefined && c.optimizer !== undefined);
const procs = Number(args.procs);
console.log(
  `${cells.length} cells of ${args.suite}${suiteFile.includes('.vs-pytorch-') ? ' (narrowed)' : ''}; ${procs} processes × 1 thread per side; ${py} has torch`,
);

// divbench side.
let dvb: { cpu?: number; wall?: number; runDir: string };
const loadBefore = load();
if (args['divbench-run']) {
  dvb = { runDir: resolve(args['divbench-run']) };
} else {
  process.stderr.write(`divbench run (load ${load()})…\n`);
  const out = join(tmp, 'runs');
  const t = timed(process.execPath, [CLI, 'run', suiteFile, '--no-report', '--jobs', String(procs), '--backend', 'wasm', '--out', out, '--json']);
  const runDir = latestRun(out, cells[0].suite);
  if (!runDir) throw new Error(`divbench wrote no run folder under ${out}`);
  dvb = { cpu: t.cpu, wall: t.wall, runDir };
}
const loadMid = load();

// PyTorch side: the same data and folds through `divbench folds --data`.
process.stderr.write(`PyTorch (load ${load()})…\n`);
const foldsFile = join(tmp, 'folds.json');
timed(process.execPath, [CLI, 'folds', suiteFile, '--out', foldsFile, '--data']);
const cellsFile = join(tmp, 'cells.json');
writeFileSync(
  cellsFile,
  JSON.stringify(
    cells.map((c) => ({
      id: c.id,
      seed: c.seed,
      architecture: c.architecture,
      optimizer: c.optimizer,
      protocol: { epochs: c.protocol.epochs, batchSize: c.protocol.batchSize },
    })),
  ),
);
const pt = timed(py, [join(ROOT, 'scripts/vs-pytorch.py'), foldsFile, cellsFile, String(procs)]);
const lines = pt.stdout
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const foldCheck = lines.find((l) => 'foldCheck' in l);
if (!foldCheck?.foldCheck) throw new Error(`the ported fold assignment differs from divbench folds: ${JSON.stringify(foldCheck)}`);
const torchVersion = lines.find((l) => 'torch' in l)?.torch;
const torchCells = new Map(
  lines.filter((l) => 'id' in l).map((l) => [l.id as string, l as { cpu: number; wall: number; trainSamplesPerCpuSec: number; heldOutAccuracy: number }]),
);

const run = readRunFolder(dvb.runDir);
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const fmt = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(v >= 100 ? 0 : 1));
console.log(
  `\nfold assignment: ported to Python and identical to \`divbench folds\` (n=${String(foldCheck.n)}, k=${String(foldCheck.k)}); PyTorch ${String(torchVersion)}`,
);
console.log(`\n${'cell'.padEnd(34)} ${'time s dvb/pt'.padEnd(18)} ${'train samples/CPU-s dvb/pt'.padEnd(26)} ${'held-out acc dvb/pt'}`);
const byArch = new Map<string, { dvb: number[]; pt: number[]; ratio: number[]; acc: number[] }>();
for (const c of cells) {
  const r = run.results.find((x) => x.cellId === c.id);
  const t = torchCells.get(c.id);
  if (!r || r.state !== 'completed' || !t) {
    console.log(`${c.id.padEnd(34)} missing on ${!t ? 'PyTorch' : 'divbench'}'s side`);
    continue;
  }
  const sps = r.summary.trainSamplesPerCpuSec ?? r.summary.trainSamplesPerSec ?? NaN;
  const acc = r.summary.heldOutAccuracy.mean;
  const arch = c.architecture!.type;
  const a = byArch.get(arch) ?? { dvb: [], pt: [], ratio: [], acc: [] };
  a.dvb.push(r.durationMs / 1000);
  a.pt.push(t.wall);
  a.ratio.push(sps / t.trainSamplesPerCpuSec);
  a.acc.push(acc - t.heldOutAccuracy);
  byArch.set(arch, a);
  console.log(
    `${c.id.padEnd(34)} ${`${(r.durationMs / 1000).toFixed(1)} / ${t.wall.toFixed(1)}`.padEnd(18)} ${`${fmt(sps)} / ${fmt(t.trainSamplesPerCpuSec)} (${(sps / t.trainSamplesPerCpuSec).toFixed(3)}×)`.padEnd(26)} ${(acc * 100).toFixed(1)}% / ${(t.heldOutAccuracy * 100).toFixed(1)}%`,
  );
}
console.log('\nper architecture (medians): cell time divbench / PyTorch, training samples/s ratio divbench : PyTorch, mean accuracy difference');
for (const [arch, a] of byArch) {
  console.log(
    `  ${arch.padEnd(8)} ${median(a.dvb).toFixed(1)} s / ${median(a.pt).toFixed(1)} s (${(median(a.dvb) / median(a.pt)).toFixed(1)}×)   samples/s ${median(a.ratio).toFixed(3)}×   accuracy ${((a.acc.reduce((x, y) => x + y, 0) / a.acc.length) * 100).toFixed(2)} pp`,
  );
}
if (dvb.cpu !== undefined) {
  const ptCells = [...torchCells.values()].reduce((x, t) => x + t.cpu, 0);
  console.log(
    `\nwhole suite CPU seconds (user+sys, process tree): divbench ${dvb.cpu.toFixed(0)} s, PyTorch ${pt.cpu.toFixed(0)} s → ${(dvb.cpu / pt.cpu).toFixed(2)}× (target ≤ 3×); wall ${dvb.wall!.toFixed(0)} s vs ${pt.wall.toFixed(0)} s`,
  );
  console.log(
    `  PyTorch's cells alone (without its processes reading the fold export's JSON): ${ptCells.toFixed(0)} CPU-s → divbench ${(dvb.cpu / ptCells).toFixed(2)}×`,
  );
} else {
  console.log(
    `\nPyTorch whole suite: ${pt.cpu.toFixed(0)} CPU-s, ${pt.wall.toFixed(0)} s wall (divbench read from ${dvb.runDir}: no CPU seconds recorded there)`,
  );
}
console.log(
  `load average: before divbench ${loadBefore}; before PyTorch ${loadMid}; at the end ${load()} (2 cores: above ~2, wall times and CPU seconds are inflated by other processes)`,
);
