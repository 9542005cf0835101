/**
 * Entry of a cell's child process — the only program that loads TensorFlow.js. It waits for one
 * `start` message, sets up the backend, runs the cell and sends one `outcome` message. Every error
 * is caught and reported as data (`errored`); the parent turns a silent death into `crashed`.
 */
import { LearnerTimeoutError } from '../registry/models/learner-errors.js';
import type { Tf } from '../registry/types.js';
import type { ParentMessage, StartMessage, WorkerMessage, WorkerOutcome } from './protocol.js';

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

const grants: Array<() => void> = [];
let startResolve: (m: StartMessage) => void;
const started = new Promise<StartMessage>((resolve) => {
  startResolve = resolve;
});

process.on('message', (m: ParentMessage) => {
  if (m.type === 'start') startResolve(m);
  else if (m.type === 'throughput-grant') grants.shift()?.();
});
process.on('disconnect', () => process.exit(3));

function describeError(e: unknown): Extract<WorkerOutcome, { state: 'errored' }>['error'] {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? e.cause.message : e.cause !== undefined ? String(e.cause) : undefined;
    return { name: e.name, message: e.message, ...(cause ? { cause } : {}), ...(e.stack ? { stack: e.stack } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

async function main(): Promise<void> {
  const start = await started;
  let outcome: WorkerOutcome;
  try {
    // TensorFlow.js and its backend are set up on the first ctx.tf() (families with usesTf):
    // a forest or an external command never loads it.
    let tfReady: Promise<Tf> | undefined;
    const tf = () =>
      (tfReady ??= (async () => {
        const { setupBackend } = await import('./backend.js');
        const backend = await setupBackend(start.backend);
        await send({ type: 'backend', backend });
        return (await import('./tf.js')).tf as Tf;
      })());
    // a TensorFlow.js family sets the backend up first: requiring tfjs, then WebAssembly compiling
    // on V8's threads while this one loads the cell's modules and its dataset (file reads and
    // gunzip on libuv's pool); the learner's first ctx.tf() awaits the same promise, and gets its
    // error if setting up failed
    if (start.usesTf) tf().catch(() => undefined);
    const { runCell } = await import('./run-cell.js');
    outcome = await runCell(start.cell, start.cellDir, start.concurrency, {
      send: (m) => void send(m),
      tf,
      acquireThroughputSlot: async () => {
        const granted = new Promise<void>((resolve) => grants.push(resolve));
        await send({ type: 'throughput-request' });
        await granted;
        return 0;
      },
      releaseThroughputSlot: () => void send({ type: 'throughput-done' }),
    });
  } catch (e) {
    outcome =
      e instanceof LearnerTimeoutError
        ? { state: 'timed-out', timeoutMs: e.timeoutMs, reason: e.message, ...(e.stderrTail ? { stderrTail: e.stderrTail } : {}) }
        : { state: 'errored', error: describeError(e) };
  }
  await send({ type: 'outcome', outcome });
  process.disconnect?.();
}

main().catch((e) => {
  process.stderr.write(`divbench worker: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(4);
});
