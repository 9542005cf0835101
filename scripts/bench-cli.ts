/**
 * `npm run bench:cli`: CPU cost of `divbench --help` (user+sys of the child, from /usr/bin/time),
 * median of several runs, beside what loading every command module costs (what the CLI did before
 * commands were loaded on demand). Target: --help ≤ 0.2 s CPU. Prints the load average, since a
 * shared machine inflates CPU time too.
 *
 *   tsx scripts/bench-cli.ts [--runs 7]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { scriptArgs } from './script-args.js';

const args = scriptArgs('usage: npm run bench:cli -- [options]\nCPU cost of `divbench --help` (median of --runs)', { runs: { type: 'string', default: '7' } });
const ROOT = resolve(import.meta.dirname, '..');
const CLI = resolve(ROOT, 'dist/cli.js');
const TIME = '/usr/bin/time';

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`npm run build\` first`);
  process.exit(2);
}
if (!existsSync(TIME)) {
  console.error(`${TIME} is missing (Debian: apt-get install time): it reports the child's user+sys CPU time`);
  process.exit(2);
}

/** user+sys and wall seconds of one run of `node …argv`. */
function measure(argv: string[]): { cpu: number; wall: number } {
  const r = spawnSync(TIME, ['-f', '%U %S %e', process.execPath, ...argv], { cwd: ROOT, encoding: 'utf8' });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [u, s, e] = last.split(' ').map(Number);
  if (![u, s, e].every(Number.isFinite)) throw new Error(`could not read /usr/bin/time's output: ${last}`);
  return { cpu: u + s, wall: e };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const runs = Number(args.runs);
const eager = `await Promise.all(['run','validate','report','analyze','merge','data','submit','verify','folds','compare'].map((c) => import('./dist/commands/' + c + '.js')));`;
const cases: Array<[string, string[]]> = [
  ['divbench --help (commands loaded on demand)', [CLI, '--help']],
  ['divbench run --help (loads run only)', [CLI, 'run', '--help']],
  ['every command module loaded (the former --help)', ['--input-type=module', '-e', eager]],
  ['node alone', ['-e', '0']],
];
console.log(
  `load average before: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}; ${runs} runs each, median\n`,
);
for (const [label, argv] of cases) {
  const m = Array.from({ length: runs }, () => measure(argv));
  console.log(
    `${label.padEnd(50)} CPU ${median(m.map((x) => x.cpu)).toFixed(2)} s (min ${Math.min(...m.map((x) => x.cpu)).toFixed(2)})  wall ${median(m.map((x) => x.wall)).toFixed(2)} s`,
  );
}
console.log(
  `\nload average after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (target: --help ≤ 0.2 s CPU, answers in < 1 s wall)`,
);
