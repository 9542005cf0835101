/**
 * The harness's scheduling: a bounded pool over the cells and the FIFO slot that lets one cell at a
 * time measure inference throughput.
 */

/** A task's hold on one of the pool's `jobs` lanes. */
export interface Lane {
  /**
   * Lends the lane to the next item while this task waits on something that uses no CPU (the
   * throughput slot); false when it was not lent (at most `jobs` tasks lend at once, so waiting
   * processes stay bounded). A task that lent its lane calls `reclaim` before it computes again.
   */
  lend(): boolean;
  /** Takes a lane back (before any item not yet started); resolves at once when none was lent. */
  reclaim(): Promise<void>;
}

/**
 * Runs `task` over `items`, starting them in order, with at most `jobs` computing at once: a task
 * holds a lane from its start to its end, except while it has lent it (Lane.lend). A task that
 * throws stops new starts; the first error is rethrown once the running tasks have settled.
 */
export async function runPool<T>(
  items: readonly T[],
  jobs: number,
  task: (item: T, lane: Lane) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const lanes = Math.max(1, jobs);
  let free = lanes;
  let lent = 0;
  const reclaimers: Array<() => void> = [];
  const starters: Array<() => void> = [];
  const take = (urgent: boolean) =>
    new Promise<void>((resolve) => {
      if (free > 0) {
        free--;
        resolve();
      } else (urgent ? reclaimers : starters).push(resolve);
    });
  const give = () => {
    const next = reclaimers.shift() ?? starters.shift();
    if (next) next();
    else free++;
  };
  const running = new Set<Promise<void>>();
  let failed: { error: unknown } | undefined;
  for (const item of items) {
    await take(false);
    if (shouldStop() || failed) {
      give();
      break;
    }
    let holding = true;
    let lending = false;
    const lane: Lane = {
      lend() {
        if (!holding || lent >= lanes) return false;
        holding = false;
        lending = true;
        lent++;
        give();
        return true;
      },
      async reclaim() {
        if (holding) return;
        await take(true);
        holding = true;
        lending = false;
        lent--;
      },
    };
    const p: Promise<void> = task(item, lane)
      .catch((error: unknown) => {
        failed ??= { error };
      })
      .finally(() => {
        if (holding) give();
        else if (lending) lent--;
        running.delete(p);
      });
    running.add(p);
  }
  await Promise.all(running);
  if (failed) throw failed.error;
}

/** A FIFO mutex that also reports how many holders there were (0 by construction). */
export function createSlot(): { acquire(): Promise<number>; release(): void; readonly held: boolean } {
  let held = false;
  const waiters: Array<() => void> = [];
  return {
    get held() {
      return held;
    },
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
