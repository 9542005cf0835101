/**
 * Whether a process id names a running process (signal 0 probes without sending anything; EPERM
 * means it exists but belongs to another user). A dependency-free leaf: the run lock (store/) and
 * the backbone cache lock (registry/recipes/) both use it.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
