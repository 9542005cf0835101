/**
 * Progress of a run. On a terminal: a live block (cells done/total, each running cell's
 * fold/epoch, elapsed, ETA). Not a terminal (CI): one plain line per event. `--json`: one JSON
 * event per line on stdout.
 */
import { formatDuration } from '../spec/duration.js';
import type { CellResult } from '../store/results.js';
import type { WorkerMessage } from '../worker/protocol.js';
import type { Cell } from '../spec/types.js';

export interface RunStart {
  runDir: string;
  suite: string;
  total: number;
  toRun: number;
  skipped: number;
  jobs: number;
  /** Cells to run with a cost group (dataset + architecture): the ETA assumes a group's cells cost alike. */
  cells?: CostCell[];
}

export interface ProgressReporter {
  start(info: RunStart): void;
  cellStart(cellId: string): void;
  cellMessage(cellId: string, m: WorkerMessage): void;
  cellEnd(result: CellResult): void;
  end(summary: { runDir: string; counts: Record<string, number>; elapsedMs: number }): void;
  /** Free-form note (report written, warnings). */
  note(text: string): void;
}

interface Running {
  fraction: number;
  label: string;
}

const PHASE_LABELS: Record<string, string> = { load: 'loading backend and data', evaluate: 'evaluating', throughput: 'measuring inference throughput (alone)' };

/** What a cell is made of, for the ETA's cost model. */
export interface CostCell {
  readonly id: string;
  /** Cost group: cells of one group are assumed to cost alike (dataset + architecture/model). */
  readonly group: string;
  /** The two factors of the group (default: the group split at its first '/'). */
  readonly dataset?: string;
  readonly model?: string;
  /** A prior cost in arbitrary units (estimatedCellCost), used only until measurements exist. */
  readonly cost?: number;
}

/**
 * A rough prior cost of a cell from its settings (arbitrary units): examples × epochs × folds ×
 * repeats × a size factor of the architecture from its numeric params (hidden widths, filters,
 * blocks). It only orders cells before any has finished; measured times replace it.
 */
export function estimatedCellCost(cell: Cell): number {
  const p = cell.protocol;
  const d = (cell.dataset.params ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
  const n = num(d.limit) ?? num(d.n) ?? num(d.samples) ?? 10_000;
  const size = (v: unknown): number => (typeof v === 'number' ? Math.max(1, v) : Array.isArray(v) ? v.reduce((a: number, x) => a + size(x), 0) : 0);
  const a = (cell.architecture?.params ?? cell.model.params ?? {}) as Record<string, unknown>;
  const width = Object.values(a).reduce((s: number, v) => s + size(v), 0);
  const kind: Record<string, number> = { linear: 1, logreg: 1, mlp: 4, cnn: 30 };
  const arch = (kind[cell.architecture?.type ?? cell.model.type] ?? 20) * Math.max(1, Math.sqrt(width / 16));
  return n * p.epochs * p.folds * (p.repeats ?? 1) * arch;
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * Shared bookkeeping for the ETA, weighted by each cell's cost. A cell's expected duration is, in
 * order of preference: the mean of its group's finished cells; the extrapolation of its group's
 * running cells; a multiplicative model log t = model effect + dataset effect fitted to the
 * finished cells (so mlp on a new dataset is mlp's time scaled by how much slower that dataset
 * was for the other models); its prior cost scaled by measured time per unit of prior; the mean
 * of all finished cells. Remaining work is divided by the number of lanes.
 */
export class Tracker {
  started: number;
  total = 0;
  done = 0;
  jobs = 1;
  running = new Map<string, Running & { since: number }>();
  private cells = new Map<string, CostCell>();
  private finished = new Map<string, number[]>();
  private finishedCost: Array<{ t: number; cost: number }> = [];
  private queued = new Set<string>();
  constructor(private readonly clock: () => number = Date.now) {
    this.started = clock();
  }
  start(info: RunStart) {
    this.total = info.toRun;
    this.jobs = Math.max(1, info.jobs);
    this.started = this.clock();
    for (const c of info.cells ?? []) {
      this.cells.set(c.id, c);
      this.queued.add(c.id);
    }
  }
  begin(cellId: string) {
    this.queued.delete(cellId);
    this.running.set(cellId, { fraction: 0, label: 'starting', since: this.clock() });
  }
  finish(cellId: string, durationMs: number) {
    this.queued.delete(cellId);
    this.running.delete(cellId);
    this.done++;
    const c = this.cells.get(cellId);
    const g = c?.group ?? '';
    this.finished.set(g, [...(this.finished.get(g) ?? []), durationMs]);
    if (c?.cost) this.finishedCost.push({ t: durationMs, cost: c.cost });
  }
  update(cellId: string, m: WorkerMessage) {
    if (m.type !== 'progress') return;
    const r = this.running.get(cellId) ?? { fraction: 0, label: '', since: this.clock() };
    if (m.phase === 'train' && m.folds && m.epochs) {
      r.fraction = Math.min(0.97, ((m.fold ?? 0) + (m.epoch ?? 0) / m.epochs) / m.folds);
      r.label = `fold ${(m.fold ?? 0) + 1}/${m.folds} epoch ${m.epoch}/${m.epochs}${m.loss !== undefined ? ` loss ${m.loss.toFixed(3)}` : ''}`;
    } else r.label = PHASE_LABELS[m.phase] ?? m.phase;
    this.running.set(cellId, r);
  }
  private factors(c: CostCell): { dataset: string; model: string } {
    const cut = c.group.indexOf('/');
    return { dataset: c.dataset ?? (cut < 0 ? c.group : c.group.slice(0, cut)), model: c.model ?? (cut < 0 ? '' : c.group.slice(cut + 1)) };
  }
  /** log t = μ + α_model + δ_dataset over the finished groups (alternating means, a few sweeps). */
  private additive(): { model: Map<string, number>; dataset: Map<string, number> } {
    const obs: Array<{ m: string; d: string; y: number }> = [];
    for (const [g, times] of this.finished) {
      const any = [...this.cells.values()].find((c) => c.group === g);
      if (!any) continue;
      const f = this.factors(any);
      obs.push({ m: f.model, d: f.dataset, y: Math.log(Math.max(1, mean(times))) });
    }
    const model = new Map<string, number>(),
      dataset = new Map<string, number>();
    for (const o of obs) {
      model.set(o.m, 0);
      dataset.set(o.d, 0);
    }
    for (let sweep = 0; sweep < 20; sweep++) {
      for (const k of model.keys()) model.set(k, mean(obs.filter((o) => o.m === k).map((o) => o.y - (dataset.get(o.d) ?? 0))));
      for (const k of dataset.keys()) dataset.set(k, mean(obs.filter((o) => o.d === k).map((o) => o.y - (model.get(o.m) ?? 0))));
    }
    return { model, dataset };
  }
  /** Expected duration (ms) of a cell, or null when nothing is known yet. */
  expected(cellId: string, fit = this.additive()): number | null {
    const c = this.cells.get(cellId);
    const group = c?.group ?? '';
    const done = this.finished.get(group);
    if (done?.length) return mean(done);
    const now = this.clock();
    const live = [...this.running]
      .filter(([id, r]) => (this.cells.get(id)?.group ?? '') === group && r.fraction > 0.05)
      .map(([, r]) => (now - r.since) / r.fraction);
    if (live.length) return mean(live);
    if (c) {
      const f = this.factors(c);
      const a = fit.model.get(f.model),
        d = fit.dataset.get(f.dataset);
      if (a !== undefined && d !== undefined) return Math.exp(a + d);
      if (c.cost && this.finishedCost.length) {
        const perUnit = this.finishedCost.reduce((s, x) => s + x.t, 0) / this.finishedCost.reduce((s, x) => s + x.cost, 0);
        return c.cost * perUnit;
      }
    }
    const all = [...this.finished.values()].flat();
    return all.length ? mean(all) : null;
  }
  eta(): number | null {
    const now = this.clock();
    if (this.cells.size === 0) {
      const progress = this.done + [...this.running.values()].reduce((a, r) => a + r.fraction, 0);
      return progress > 0 ? ((now - this.started) * (this.total - progress)) / progress : null;
    }
    const fit = this.additive();
    let work = 0;
    for (const id of this.queued) {
      const e = this.expected(id, fit);
      if (e === null) return null;
      work += e;
    }
    for (const [id, r] of this.running) {
      const e = this.expected(id, fit);
      if (e === null) return null;
      work += Math.max(0, e - (now - r.since));
    }
    return work / this.jobs;
  }
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
