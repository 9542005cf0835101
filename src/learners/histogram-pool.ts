import type { Bins } from './binning.js';

/**
 * Histogram storage for one dataset: `offsets[f]` is feature f's first bin in a node's
 * histogram; each slot of the pool holds `Σg, Σh` interleaved (Float64) and counts (Int32).
 */
export class HistogramPool {
  readonly offsets: Int32Array;
  readonly totalBins: number;
  private readonly gh: Float64Array[] = [];
  private readonly cnt: Int32Array[] = [];
  private readonly free: number[] = [];

  constructor(bins: Bins) {
    this.offsets = new Int32Array(bins.d + 1);
    for (let f = 0; f < bins.d; f++) this.offsets[f + 1] = this.offsets[f] + bins.nBins[f];
    this.totalBins = this.offsets[bins.d];
  }

  acquire(): number {
    const s = this.free.pop();
    if (s !== undefined) return s;
    this.gh.push(new Float64Array(this.totalBins * 2));
    this.cnt.push(new Int32Array(this.totalBins));
    return this.gh.length - 1;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  gradHess(slot: number): Float64Array {
    return this.gh[slot];
  }

  counts(slot: number): Int32Array {
    return this.cnt[slot];
  }

  /** `out` = `parent` − `small`, sums and counts (the larger child's histogram). */
  subtract(parent: number, small: number, out: number): void {
    const p = this.gradHess(parent);
    const s = this.gradHess(small);
    const o = this.gradHess(out);
    for (let i = 0; i < p.length; i++) o[i] = p[i] - s[i];
    const pc = this.counts(parent);
    const sc = this.counts(small);
    const oc = this.counts(out);
    for (let i = 0; i < pc.length; i++) oc[i] = pc[i] - sc[i];
  }
}
