/**
 * What stops a run from outside: SIGINT (Ctrl-C), SIGTERM (kill, CI cancel, Kubernetes), SIGHUP
 * (terminal closed), and the reader of stdout/stderr going away (`divbench run --json | head`:
 * EPIPE, treated as SIGPIPE). While a run is in flight these are caught: the run kills every
 * worker's process group, records the cells it interrupted, writes run.json and exits with
 * 128 + the signal's number (130, 143, 129; 141 for a closed pipe).
 */
import os from 'node:os';

export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGPIPE';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function interruptExitCode(signal: InterruptSignal): number {
  return 128 + os.constants.signals[signal];
}

let pipeClosed = false;

/** True once stdout or stderr lost its reader; writes to them are then dropped. */
export function outputClosed(): boolean {
  return pipeClosed;
}

/** Calls `onInterrupt` once, on the first signal or closed pipe, until the returned function is called. */
export function watchInterrupts(onInterrupt: (signal: InterruptSignal) => void): () => void {
  let fired = false;
  const fire = (s: InterruptSignal) => {
    if (fired) return;
    fired = true;
    onInterrupt(s);
  };
  const handlers = SIGNALS.map((s) => [s, () => fire(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const onStreamError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      pipeClosed = true;
      fire('SIGPIPE');
    }
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  return () => {
    for (const [s, h] of handlers) process.off(s, h);
    process.stdout.off('error', onStreamError);
    process.stderr.off('error', onStreamError);
    // A closed pipe stays closed: keep swallowing its errors so nothing later throws on them.
    if (pipeClosed) {
      process.stdout.on('error', () => {});
      process.stderr.on('error', () => {});
    }
  };
}
