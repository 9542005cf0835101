/**
 * A CART classification tree (Gini impurity) grown depth-first on binned features, as one tree
 * of scikit-learn's RandomForestClassifier: at each node `mtry` features are drawn without
 * replacement (features constant in the node do not count, so up to mtry informative ones are
 * tried, as sklearn's BestSplitter does), every bin boundary of each is scored by sklearn's Gini
 * proxy Σ_k L_k²/W_L + Σ_k R_k²/W_R (weighted class counts), and the first strictly best split
 * wins. A node becomes a leaf when it is pure, holds fewer than `minSamplesSplit` or
 * `2·minSamplesLeaf` samples, sits at `maxDepth`, or no drawn feature varies in it. Sample counts
 * for the leaf limits are distinct rows (a bootstrap's repeats count as weight, as in sklearn).
 *
 * The one departure from sklearn's exact splitter: candidate thresholds are the bin boundaries of
 * `binning.ts` (≤ 255 per feature, midpoints between distinct values when a feature has fewer),
 * not every midpoint between the node's distinct values — the approximation LightGBM and sklearn's
 * HistGradientBoosting make. Leaves store the normalised weighted class frequencies.
 */
import type { BinnedMatrix, Bins } from './binning.js';
import type { Rng } from '../spec/random.js';

export interface ClassTree {
  readonly nodeCount: number;
  readonly numClasses: number;
  /** Split feature per node, −1 at a leaf. */
  readonly feature: Int32Array;
  /** Real threshold: a row goes left when `x[feature] <= threshold`. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** `nodeCount × numClasses` class probabilities (filled at leaves). */
  readonly value: Float32Array;
  /** Leaf ordinal per node (0..leafCount−1), −1 at internal nodes. */
  readonly leafIndex: Int32Array;
  readonly leafCount: number;
}

export interface ClassTreeParams {
  /** Features drawn per node (1..d). */
  readonly mtry: number;
  /** Infinity for unlimited. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
}

/** Scratch buffers reused across the trees of one forest. */
export class TreeScratch {
  readonly cnt = new Int32Array(256);
  readonly pos = new Int32Array(256);
  readonly classL: Float64Array;
  readonly classR: Float64Array;
  readonly features: Int32Array;
  readonly sortedY: Int32Array;
  readonly sortedW: Float64Array;
  constructor(n: number, d: number, numClasses: number) {
    this.classL = new Float64Array(numClasses);
    this.classR = new Float64Array(numClasses);
    this.features = new Int32Array(d);
    this.sortedY = new Int32Array(n);
    this.sortedW = new Float64Array(n);
  }
}

/**
 * Grows one tree on the rows of `samples` (distinct row indices, weights `w` per row: bootstrap
 * counts or 1) of the binned matrix.
 */
export function growClassTree(
  { data, bins, y, numClasses }: { data: BinnedMatrix; bins: Bins; y: Int32Array; numClasses: number },
  {
    samples: samplesIn,
    weights: w,
    params: p,
    rng,
    scratch,
  }: { samples: Int32Array; weights: Float64Array; params: ClassTreeParams; rng: Rng; scratch: TreeScratch },
): ClassTree {
  const C = numClasses;
  const { n, d, codes } = data;
  const samples = Int32Array.from(samplesIn);
  const m = samples.length;
  const cap = Math.max(1, 2 * m - 1);
  const feature = new Int32Array(cap).fill(-1);
  const threshold = new Float64Array(cap);
  const left = new Int32Array(cap).fill(-1);
  const right = new Int32Array(cap).fill(-1);
  const value = new Float32Array(cap * C);
  const leafIndex = new Int32Array(cap).fill(-1);
  const { cnt, pos, classL, classR, features, sortedY, sortedW } = scratch;
  for (let f = 0; f < d; f++) features[f] = f;
  const nodeCounts = new Float64Array(C);

  let nodeCount = 1;
  let leafCount = 0;
  // Stack of pending nodes: (node id, start, end, depth).
  const stack: number[] = [0, 0, m, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const nodeN = end - start;
    nodeCounts.fill(0);
    let wN = 0;
    for (let i = start; i < end; i++) {
      const s = samples[i];
      nodeCounts[y[s]] += w[s];
      wN += w[s];
    }
    let sq = 0;
    for (let k = 0; k < C; k++) sq += nodeCounts[k] * nodeCounts[k];
    const impurity = wN > 0 ? 1 - sq / (wN * wN) : 0;
    let bestF = -1;
    let bestB = -1;
    if (!(depth >= p.maxDepth || nodeN < p.minSamplesSplit || nodeN < 2 * p.minSamplesLeaf || impurity <= 1e-7)) {
      let bestProxy = -Infinity;
      let visited = 0;
      let drawn = 0;
      while (drawn < d && visited < p.mtry) {
        // Partial Fisher–Yates: the next feature, without replacement.
        const j = drawn + Math.floor(rng() * (d - drawn));
        const f = features[j];
        features[j] = features[drawn];
        features[drawn] = f;
        drawn++;
        if (bins.nBins[f] < 2) continue;
        const col = codes.subarray(f * n, (f + 1) * n);
        // Counting sort of the node's rows by bin, then one pass in bin order that updates
        // Σ L_k² and Σ R_k² in O(1) per row: no per-bin × per-class work.
        let lo = 255;
        let hi = 0;
        for (let i = start; i < end; i++) {
          const b = col[samples[i]];
          cnt[b]++;
          if (b < lo) lo = b;
          if (b > hi) hi = b;
        }
        if (lo === hi) {
          cnt[lo] = 0;
          continue; // constant in this node: does not count as visited
        }
        visited++;
        let acc = 0;
        for (let b = lo; b <= hi; b++) {
          pos[b] = acc;
          acc += cnt[b];
          cnt[b] = 0;
        }
        for (let i = start; i < end; i++) {
          const s = samples[i];
          const q = pos[col[s]]++;
          sortedY[q] = y[s];
          sortedW[q] = w[s];
        }
        // pos[b] is now the end of bin b in sorted order.
        for (let k = 0; k < C; k++) {
          classL[k] = 0;
          classR[k] = nodeCounts[k];
        }
        let sqL = 0;
        let sqR = sq;
        let wL = 0;
        let q = 0;
        for (let b = lo; b < hi; b++) {
          const e = pos[b];
          if (e === q) continue; // empty bin: same split as the previous one
          for (; q < e; q++) {
            const k = sortedY[q];
            const wt = sortedW[q];
            const l = classL[k];
            const r = classR[k];
            sqL += wt * (2 * l + wt);
            sqR += wt * (wt - 2 * r);
            classL[k] = l + wt;
            classR[k] = r - wt;
            wL += wt;
          }
          if (e < p.minSamplesLeaf) continue;
          if (nodeN - e < p.minSamplesLeaf) break;
          const proxy = sqL / wL + sqR / (wN - wL);
          if (proxy > bestProxy) {
            bestProxy = proxy;
            bestF = f;
            bestB = b;
          }
        }
      }
    }
    if (bestF < 0) {
      const o = node * C;
      for (let k = 0; k < C; k++) value[o + k] = wN > 0 ? nodeCounts[k] / wN : 1 / C;
      leafIndex[node] = leafCount++;
      continue;
    }
    // Partition samples[start, end) so rows with bin <= bestB come first.
    const col = codes.subarray(bestF * n, (bestF + 1) * n);
    let a = start;
    let z = end - 1;
    while (a <= z) {
      if (col[samples[a]] <= bestB) a++;
      else {
        const t = samples[a];
        samples[a] = samples[z];
        samples[z] = t;
        z--;
      }
    }
    const l = nodeCount++;
    const r = nodeCount++;
    feature[node] = bestF;
    threshold[node] = bins.thresholds[bestF][bestB];
    left[node] = l;
    right[node] = r;
    // Right pushed first so the left subtree is grown first (depth-first, like sklearn).
    stack.push(r, a, end, depth + 1, l, start, a, depth + 1);
  }
  return {
    nodeCount,
    numClasses: C,
    leafCount,
    feature: feature.slice(0, nodeCount),
    threshold: threshold.slice(0, nodeCount),
    left: left.slice(0, nodeCount),
    right: right.slice(0, nodeCount),
    value: value.slice(0, nodeCount * C),
    leafIndex: leafIndex.slice(0, nodeCount),
  };
}

/** The arrays every binary tree here is stored in (a leaf has feature −1). */
export interface TreeArrays {
  readonly feature: Int32Array;
  readonly threshold: ArrayLike<number>;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

/** The node a row of row-major `x` (starting at `offset`) reaches: `x <= threshold` goes left. */
export function descend(tree: TreeArrays, x: Float32Array, offset: number): number {
  const { feature, threshold, left, right } = tree;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    node = x[offset + f] <= threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/** The node a row of row-major `x` reaches. */
export function leafOf(tree: ClassTree, x: Float32Array, offset: number): number {
  return descend(tree, x, offset);
}
