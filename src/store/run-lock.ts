/**
 * An exclusive lock on a folder divbench writes (a run folder, a merge target, a baseline): the
 * file `<dir>/.divbench.lock` holds who writes (pid, host, start time, command). It is created
 * with `link()` from a fully written temporary file, so it exists whole or not at all. A lock left
 * by a process that is gone (same host, pid no longer alive, or alive but started at another
 * time: a reused pid) is stale and taken over; a live one, or one from another host, refuses with
 * a message naming the holder and the fix. Re-entrant within one process (`run` renders its
 * report while holding its run folder's lock).
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { LockError } from '../errors.js';
import { processAlive } from '../process-alive.js';

export const LOCK_FILE = '.divbench.lock';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  /** Start time of the process in clock ticks since boot (Linux), to tell a reused pid apart. */
  readonly procStart?: string;
  readonly command: string;
}

export interface FolderLock {
  readonly dir: string;
  release(): void;
}

const held = new Map<string, { count: number; file: string }>();

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readLock(file: string): LockInfo | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'unreadable';
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    if (!v || typeof v !== 'object' || !Number.isInteger(v.pid) || v.pid <= 0 || typeof v.host !== 'string') return 'unreadable';
    return v;
  } catch {
    return 'unreadable';
  }
}

function isStale(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return false;
  if (!processAlive(info.pid)) return true;
  const now = procStart(info.pid);
  return info.procStart !== undefined && now !== undefined && now !== info.procStart;
}

function describe(info: LockInfo): string {
  return `pid ${info.pid} on ${info.host.slice(0, 100)}, since ${String(info.startedAt).slice(0, 40)}${info.command ? ` (${String(info.command).slice(0, 200)})` : ''}`;
}

/** Takes the lock on `dir` (which must exist) for `command`, or throws a LockError. */
export function lockFolder(dir: string, command: string): FolderLock {
  const file = join(dir, LOCK_FILE);
  const mine = held.get(file);
  if (mine) {
    mine.count++;
    return { dir, release: () => releaseLock(file) };
  }
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    ...(procStart(process.pid) ? { procStart: procStart(process.pid) } : {}),
    command,
  };
  const tmp = join(dir, `.divbench.lock.${process.pid}.${Date.now()}.tmp`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(tmp, `${JSON.stringify(info)}\n`);
      try {
        linkSync(tmp, file);
        held.set(file, { count: 1, file });
        return { dir, release: () => releaseLock(file) };
      } finally {
        rmSync(tmp, { force: true });
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw e;
    }
    const other = readLock(file);
    if (other === undefined) continue; // released meanwhile: try again
    if (other === 'unreadable') {
      throw new LockError(
        `${dir} is locked by ${file}, which is not a readable divbench lock; if no divbench process is writing this folder, delete that file and try again`,
      );
    }
    if (!isStale(other)) {
      const where = other.host === os.hostname() ? 'still running' : `on another host (${other.host.slice(0, 100)}), which this machine cannot check`;
      throw new LockError(
        `${dir} is being written by another divbench process (${describe(other)}), ${where}. Wait for it to finish, or write elsewhere; if that process is really gone, delete ${file}`,
      );
    }
    // Stale: the writer died without releasing. Remove it only if it is still the same lock.
    const again = readLock(file);
    if (again !== undefined && again !== 'unreadable' && again.pid === other.pid && again.startedAt === other.startedAt) rmSync(file, { force: true });
  }
  throw new LockError(`${dir}: could not take the lock ${file} (another process keeps taking it); try again`);
}

function releaseLock(file: string): void {
  const mine = held.get(file);
  if (!mine) return;
  if (--mine.count > 0) return;
  held.delete(file);
  const info = readLock(file);
  if (info && info !== 'unreadable' && info.pid === process.pid) rmSync(file, { force: true });
}

process.on('exit', () => {
  for (const file of held.keys()) {
    try {
      const info = readLock(file);
      if (info && info !== 'unreadable' && info.pid === process.pid) rmSync(file, { force: true });
    } catch {
      /* best effort */
    }
  }
});
