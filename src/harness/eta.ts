/**
 * The ETA of a run: a prior cost per cell from its settings, and the Tracker that turns finished
 * and running cells into an expected remaining time (the progress reporters print it).
 */
import type { Cell } from '../spec/types.js';
import type { WorkerMessage } from '../worker/protocol.js';

/** What a run is about to do (the reporters' start event, and the Tracker's cost model). */
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

export interface Running {
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
