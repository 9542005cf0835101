/**
 * Progress of a run. On a terminal: a live block (cells done/total, each running cell's
 * fold/epoch, elapsed, ETA). Not a terminal (CI): one plain line per event. `--json`: one JSON
 * event per line on stdout.
 */
import { formatDuration } from '../spec/duration.js';
import type { CellResult } from '../store/results.js';
import type { WorkerMessage } from '../worker/protocol.js';
import { Tracker, type RunStart } from './eta.js';

export type { RunStart } from './eta.js';

export interface ProgressReporter {
  start(info: RunStart): void;
  cellStart(cellId: string): void;
  cellMessage(cellId: string, m: WorkerMessage): void;
  cellEnd(result: CellResult): void;
  end(summary: { runDir: string; counts: Record<string, number>; elapsedMs: number }): void;
  /** Free-form note (report written, warnings). */
  note(text: string): void;
}

function describe(r: CellResult): string {
  switch (r.state) {
    case 'completed':
      return `acc ${(r.summary.heldOutAccuracy.mean * 100).toFixed(2)}% gap ${(r.summary.gap.mean * 100).toFixed(2)}pp`;
    case 'diverged':
      return `diverged at fold ${r.diverged.fold + 1} epoch ${r.diverged.epoch + 1}`;
    case 'errored':
      return `error: ${r.error.message}`;
    case 'timed-out':
      return `timed out after ${formatDuration(r.timeoutMs)}${r.lastProgress ? ` (${r.lastProgress})` : ''}`;
    case 'crashed':
      return `crashed: ${r.reason}`;
  }
}

function plainReporter(write: (s: string) => void = (s) => process.stderr.write(s)): ProgressReporter {
  const t = new Tracker();
  return {
    start(i) {
      t.start(i);
      write(`divbench: ${i.suite}: ${i.toRun} cells to run (${i.skipped} already done), ${i.jobs} at a time → ${i.runDir}\n`);
    },
    cellStart(id) {
      write(`[${t.done}/${t.total}] start ${id}\n`);
      t.begin(id);
    },
    cellMessage(id, m) {
      t.update(id, m);
      if (m.type === 'fold')
        write(
          `[${t.done}/${t.total}] ${id}: fold ${m.fold.fold + 1} held-out acc ${(m.fold.heldOut.accuracy * 100).toFixed(2)}% (${formatDuration(m.fold.trainTimeMs)})\n`,
        );
    },
    cellEnd(r) {
      t.finish(r.cellId, r.durationMs);
      const eta = t.eta();
      write(
        `[${t.done}/${t.total}] ${r.state === 'completed' ? 'done' : r.state.toUpperCase()} ${r.cellId}: ${describe(r)} (${formatDuration(r.durationMs)}${eta !== null && t.done < t.total ? `, ETA ${formatDuration(eta)}` : ''})\n`,
      );
    },
    end(s) {
      write(
        `divbench: finished in ${formatDuration(s.elapsedMs)}: ${Object.entries(s.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}\n`,
      );
    },
    note(text) {
      write(`${text}\n`);
    },
  };
}

function ttyReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const t = new Tracker();
  let drawn = 0;
  let suite = '';
  const lines: string[] = [];
  const clear = () => {
    if (drawn) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const width = stream.columns ?? 100;
    const eta = t.eta();
    const bar = `${suite}: ${t.done}/${t.total} cells · elapsed ${formatDuration(Date.now() - t.started)} · ETA ${eta === null ? '…' : formatDuration(eta)}`;
    const block = [bar, ...[...t.running].map(([id, r]) => `  ▸ ${id}  ${r.label}`)].map((l) => l.slice(0, width - 1));
    stream.write(`${block.join('\n')}\n`);
    drawn = block.length;
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    start(i) {
      suite = i.suite;
      t.start(i);
      stream.write(`divbench: ${i.toRun} cells to run (${i.skipped} already done), ${i.jobs} at a time → ${i.runDir}\n`);
      draw();
    },
    cellStart(id) {
      t.begin(id);
      draw();
    },
    cellMessage(id, m) {
      t.update(id, m);
    },
    cellEnd(r) {
      t.finish(r.cellId, r.durationMs);
      clear();
      const mark = r.state === 'completed' ? '\x1b[32m✓\x1b[0m' : '\x1b[31m✗\x1b[0m';
      lines.push(`${mark} ${r.cellId}  ${describe(r)}  (${formatDuration(r.durationMs)})`);
      stream.write(`${lines[lines.length - 1]}\n`);
      draw();
    },
    end(s) {
      clearInterval(timer);
      clear();
      stream.write(
        `divbench: finished in ${formatDuration(s.elapsedMs)}: ${Object.entries(s.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}\n`,
      );
    },
    note(text) {
      clear();
      stream.write(`${text}\n`);
      draw();
    },
  };
}

function jsonReporter(write: (s: string) => void = (s) => process.stdout.write(s)): ProgressReporter {
  const emit = (event: string, data: object) => write(`${JSON.stringify({ event, time: new Date().toISOString(), ...data })}\n`);
  return {
    start(i) {
      emit('run-start', i);
    },
    cellStart(cellId) {
      emit('cell-start', { cellId });
    },
    cellMessage(cellId, m) {
      if (m.type === 'progress' || m.type === 'fold') emit(m.type === 'fold' ? 'fold' : 'progress', { cellId, ...m, type: undefined });
    },
    cellEnd(r) {
      emit('cell-end', {
        cellId: r.cellId,
        state: r.state,
        durationMs: r.durationMs,
        ...(r.state === 'completed' ? { heldOutAccuracy: r.summary.heldOutAccuracy.mean } : {}),
      });
    },
    end(s) {
      emit('run-end', s);
    },
    note(text) {
      emit('note', { text });
    },
  };
}

export function chooseReporter(opts: { json?: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  if (opts.json) return jsonReporter();
  const stream = opts.stream ?? process.stderr;
  return stream.isTTY && !process.env.CI ? ttyReporter(stream) : plainReporter();
}
