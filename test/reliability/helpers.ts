/** Helpers of the reliability tests: the CLI as a child process, its workers, tiny run fixtures. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, cli, tempDir } from '../e2e/helpers.js';

export { CLI, ROOT, cli, tempDir };

export const TINY = 'test/fixtures/suites/tiny.yaml';

/** Pids of the direct children of `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

/** Starts the CLI without waiting; collects stdout/stderr. */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, exit };
}

let fixture: string | undefined;

/** One completed run of the tiny suite, made once per test file; `copy()` gives a private copy. */
export function tinyRun(): { dir: string; copy: () => string } {
  if (!fixture) {
    const out = tempDir('tiny-fixture');
    const r = cli(['run', TINY, '--out', out, '--backend', 'cpu', '--no-report', '--run-id', 'fixture']);
    if (r.code !== 0) throw new Error(`tiny fixture run failed (${r.code}): ${r.stderr}`);
    fixture = join(out, 'tiny', 'fixture');
  }
  const dir = fixture;
  return {
    dir,
    copy: () => {
      const out = tempDir('tiny-copy');
      const to = join(out, 'tiny', 'fixture');
      cpSync(dir, to, { recursive: true });
      return to;
    },
  };
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function exists(path: string): boolean {
  return existsSync(path);
}
