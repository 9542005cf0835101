/**
 * One regression tree of histogram gradient boosting, grown leaf-wise (best-first) as
 * scikit-learn's `TreeGrower` (HistGradientBoosting, after LightGBM):
 *   - a node's histogram holds, per feature and bin, Σ gradient, Σ hessian and the row count;
 *     the smaller child's is built from its rows, the larger's is parent − smaller;
 *   - a split of node (G, H) into (G_L, H_L) | (G_R, H_R) gains
 *     `loss(node) − loss(left) − loss(right)` with `loss = G·v`, `v = −G / (H + λ + 1e−15)`
 *     (sklearn's `_split_gain`; the root's v is 0, as there); only splits that leave
 *     ≥ minSamplesLeaf rows and ≥ 1e−3 hessian on each side count, and the gain must be > 0;
 *   - the splittable node of largest gain is split next, until `maxLeaves` leaves, `maxDepth`,
 *     or no node can split; a child with fewer than 2·minSamplesLeaf rows is a leaf at once;
 *   - a leaf's value is `−shrinkage · G / (H + λ + 1e−15)` (the root alone: 0).
 * Ties (equal gains) go to the lower feature, then the lower bin, then the earlier node.
 */
import type { BinnedMatrix, Bins } from './binning.js';
import type { HistogramPool } from './histogram-pool.js';
import { bestSplit, EPS_VALUE, MIN_HESSIAN_TO_SPLIT, type Split } from './hist-split.js';
import type { RegressionTree } from './regression-tree.js';

export interface GrowerParams {
  /** null: no limit (then maxDepth must bound the tree). */
  readonly maxLeaves: number | null;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly l2: number;
  readonly shrinkage: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  value: number;
  hist: number; // pool slot, −1 when released
  split: Split | null;
}

export class HistGrower {
  private readonly order: Int32Array;
  private readonly scratch: Int32Array;
  private readonly og: Float64Array;
  private readonly oh: Float64Array;
  /** Per-bin row counts of the whole training set: every root's counts, computed once. */
  private rootCounts: Int32Array | null = null;

  constructor(
    private readonly data: BinnedMatrix,
    private readonly bins: Bins,
    private readonly pool: HistogramPool,
  ) {
    this.order = new Int32Array(data.n);
    this.scratch = new Int32Array(data.n);
    this.og = new Float64Array(data.n);
    this.oh = new Float64Array(data.n);
  }

  /**
   * Grows one tree on gradients `g` and hessians `h` (one per row). `onLeaf(start, end, value)`
   * receives each leaf's rows as a range of `rows()`, so the caller can update its predictions
   * without walking the tree.
   */
  grow(g: Float32Array, h: Float32Array, p: GrowerParams, onLeaf: (rows: Int32Array, start: number, end: number, value: number) => void): RegressionTree {
    const n = this.data.n;
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    let sg = 0;
    let sh = 0;
    for (let i = 0; i < n; i++) {
      sg += g[i];
      sh += h[i];
    }
    const cap = p.maxLeaves !== null ? 2 * p.maxLeaves - 1 : 2 * n - 1;
    const feature = new Int32Array(cap).fill(-1);
    const threshold = new Float64Array(cap);
    const binThreshold = new Int32Array(cap).fill(-1);
    const left = new Int32Array(cap).fill(-1);
    const right = new Int32Array(cap).fill(-1);
    const value = new Float64Array(cap);
    const leafIndex = new Int32Array(cap).fill(-1);
    let nodeCount = 1;
    const leaves: GrowNode[] = [];
    const splittable: GrowNode[] = [];

    const root: GrowNode = { id: 0, start: 0, end: n, depth: 0, g: sg, h: sh, value: 0, hist: -1, split: null };
    if (n >= 2 * p.minSamplesLeaf && sh >= MIN_HESSIAN_TO_SPLIT) {
      root.hist = this.pool.acquire();
      this.buildHistogram(root, g, h, true);
      root.split = this.bestSplitOf(root, p);
      if (root.split) splittable.push(root);
      else this.toLeaf(root, leaves);
    } else {
      leaves.push(root);
    }

    while (splittable.length > 0) {
      let bi = 0;
      for (let i = 1; i < splittable.length; i++) if (splittable[i].split!.gain > splittable[bi].split!.gain) bi = i;
      const node = splittable.splice(bi, 1)[0];
      const s = node.split!;
      const mid = this.partition(node.start, node.end, s.feature, s.bin);
      const depth = node.depth + 1;
      const valueOf = (G: number, H: number): number => -G / (H + p.l2 + EPS_VALUE);
      const gR = node.g - s.gL;
      const hR = node.h - s.hL;
      const l: GrowNode = { id: nodeCount++, start: node.start, end: mid, depth, g: s.gL, h: s.hL, value: valueOf(s.gL, s.hL), hist: -1, split: null };
      const r: GrowNode = { id: nodeCount++, start: mid, end: node.end, depth, g: gR, h: hR, value: valueOf(gR, hR), hist: -1, split: null };
      feature[node.id] = s.feature;
      binThreshold[node.id] = s.bin;
      threshold[node.id] = this.bins.thresholds[s.feature][s.bin];
      left[node.id] = l.id;
      right[node.id] = r.id;
      const nLeaves = leaves.length + splittable.length + 2;
      let leafL = false;
      let leafR = false;
      if (p.maxLeaves !== null && nLeaves === p.maxLeaves) {
        this.pool.release(node.hist);
        leaves.push(l, r);
        for (const o of splittable) this.toLeaf(o, leaves);
        splittable.length = 0;
        break;
      }
      if (p.maxDepth !== null && depth === p.maxDepth) {
        leafL = true;
        leafR = true;
      }
      if (l.end - l.start < 2 * p.minSamplesLeaf) leafL = true;
      if (r.end - r.start < 2 * p.minSamplesLeaf) leafR = true;
      if (!leafL || !leafR) {
        // The smaller child's histogram from its rows; the larger's, when it may split, by
        // subtraction (sklearn computes both; a leaf never needs its own).
        const leftSmaller = l.end - l.start < r.end - r.start;
        const [small, large] = leftSmaller ? [l, r] : [r, l];
        const largeIsLeaf = leftSmaller ? leafR : leafL;
        small.hist = this.pool.acquire();
        this.buildHistogram(small, g, h, false);
        if (!largeIsLeaf) {
          large.hist = this.pool.acquire();
          this.pool.subtract(node.hist, small.hist, large.hist);
        }
        for (const [child, isLeaf] of [
          [l, leafL],
          [r, leafR],
        ] as const) {
          if (!isLeaf) child.split = this.bestSplitOf(child, p);
          if (child.split) splittable.push(child);
          else this.toLeaf(child, leaves);
        }
      } else {
        leaves.push(l, r);
      }
      this.pool.release(node.hist);
      node.hist = -1;
    }

    let leafCount = 0;
    for (const leaf of leaves) {
      const v = leaf.value * p.shrinkage; // the root's value is 0
      value[leaf.id] = v;
      leafIndex[leaf.id] = leafCount++;
      onLeaf(order, leaf.start, leaf.end, v);
    }
    return {
      nodeCount,
      leafCount,
      feature: feature.slice(0, nodeCount),
      threshold: threshold.slice(0, nodeCount),
      binThreshold: binThreshold.slice(0, nodeCount),
      left: left.slice(0, nodeCount),
      right: right.slice(0, nodeCount),
      value: value.slice(0, nodeCount),
      leafIndex: leafIndex.slice(0, nodeCount),
    };
  }

  private toLeaf(node: GrowNode, leaves: GrowNode[]): void {
    if (node.hist >= 0) this.pool.release(node.hist);
    node.hist = -1;
    node.split = null;
    leaves.push(node);
  }

  /** Stable partition of order[start, end): rows with bin ≤ `bin` first. Returns the boundary. */
  private partition(start: number, end: number, f: number, bin: number): number {
    const { n, codes } = this.data;
    const order = this.order;
    const tmp = this.scratch;
    const col = codes.subarray(f * n, (f + 1) * n);
    let a = start;
    let z = 0;
    for (let i = start; i < end; i++) {
      const s = order[i];
      if (col[s] <= bin) order[a++] = s;
      else tmp[z++] = s;
    }
    order.set(tmp.subarray(0, z), a);
    return a;
  }

  private buildHistogram(node: GrowNode, g: Float32Array, h: Float32Array, whole: boolean): void {
    const { n, d, codes } = this.data;
    const gh = this.pool.gradHess(node.hist);
    const cnt = this.pool.counts(node.hist);
    gh.fill(0);
    const offsets = this.pool.offsets;
    const m = node.end - node.start;
    if (whole) {
      if (this.rootCounts === null) {
        const rc = new Int32Array(cnt.length);
        for (let f = 0; f < d; f++) {
          const base = offsets[f];
          const col = codes.subarray(f * n, (f + 1) * n);
          for (let i = 0; i < n; i++) rc[base + col[i]]++;
        }
        this.rootCounts = rc;
      }
      cnt.set(this.rootCounts);
      for (let f = 0; f < d; f++) {
        const base = offsets[f];
        const col = codes.subarray(f * n, (f + 1) * n);
        for (let i = 0; i < n; i++) {
          const b = 2 * (base + col[i]);
          gh[b] += g[i];
          gh[b + 1] += h[i];
        }
      }
      return;
    }
    cnt.fill(0);
    // Ordered gradients: contiguous copies of the node's rows' g and h.
    const rows = this.order.subarray(node.start, node.end);
    const og = this.og;
    const oh = this.oh;
    for (let j = 0; j < m; j++) {
      og[j] = g[rows[j]];
      oh[j] = h[rows[j]];
    }
    for (let f = 0; f < d; f++) {
      if (this.bins.nBins[f] < 2) continue; // constant: never split, histogram unused
      const base = offsets[f];
      const col = codes.subarray(f * n, (f + 1) * n);
      let j = 0;
      for (; j + 1 < m; j += 2) {
        const b0 = base + col[rows[j]];
        const b1 = base + col[rows[j + 1]];
        gh[2 * b0] += og[j];
        gh[2 * b0 + 1] += oh[j];
        cnt[b0]++;
        gh[2 * b1] += og[j + 1];
        gh[2 * b1 + 1] += oh[j + 1];
        cnt[b1]++;
      }
      if (j < m) {
        const b = base + col[rows[j]];
        gh[2 * b] += og[j];
        gh[2 * b + 1] += oh[j];
        cnt[b]++;
      }
    }
  }

  private bestSplitOf(node: GrowNode, p: GrowerParams): Split | null {
    return bestSplit(this.pool.gradHess(node.hist), this.pool.counts(node.hist), this.pool.offsets, this.data.d, node, p);
  }
}
