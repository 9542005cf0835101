/** A bounded pool: runs `task` over `items` with at most `jobs` in flight, in order of `items`. */
export async function runPool<T>(items: T[], jobs: number, task: (item: T) => Promise<void>, shouldStop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !shouldStop()) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
}

/** A FIFO mutex that also reports how many holders there were (0 by construction). */
export function createSlot(): { acquire(): Promise<number>; release(): void } {
  let held = false;
  const waiters: Array<() => void> = [];
  return {
    acquire() {
      if (!held) {
        held = true;
        return Promise.resolve(0);
      }
      return new Promise<number>((resolve) => waiters.push(() => resolve(0)));
    },
    release() {
      const w = waiters.shift();
      if (w) w();
      else held = false;
    },
  };
}
