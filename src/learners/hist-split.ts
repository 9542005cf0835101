/**
 * The best split of one node from its histogram (scikit-learn's `_split_gain`): for each feature,
 * scan the bins left to right accumulating (G_L, H_L, n_L); a split counts when each side keeps
 * ≥ minSamplesLeaf rows and ≥ 1e−3 hessian, and gains `loss(node) − loss(left) − loss(right)`
 * with `loss = G·v`, `v = −G / (H + λ + 1e−15)`. Ties go to the lower feature, then the lower bin.
 */

export const MIN_HESSIAN_TO_SPLIT = 1e-3;
export const EPS_VALUE = 1e-15;

export interface Split {
  gain: number;
  feature: number;
  bin: number;
  gL: number;
  hL: number;
  nL: number;
}

/** What the search needs of a node: its row range, gradient and hessian sums and its value. */
export interface SplitNode {
  readonly start: number;
  readonly end: number;
  readonly g: number;
  readonly h: number;
  readonly value: number;
}

export interface SplitParams {
  readonly l2: number;
  readonly minSamplesLeaf: number;
}

export function bestSplit(gh: Float64Array, cnt: Int32Array, offsets: Int32Array, d: number, node: SplitNode, p: SplitParams): Split | null {
  const nNode = node.end - node.start;
  const G = node.g;
  const H = node.h;
  const lam = p.l2 + EPS_VALUE;
  const lossNode = G * node.value;
  const minLeaf = p.minSamplesLeaf;
  let best: Split | null = null;
  let bestGain = 0; // gain must be > 0 (sklearn's min_gain_to_split = 0)
  for (let f = 0; f < d; f++) {
    const base = offsets[f];
    const last = offsets[f + 1] - 1; // splitting after the last bin is no split
    let gL = 0;
    let hL = 0;
    let nL = 0;
    for (let b = base; b < last; b++) {
      const c = cnt[b];
      if (c === 0) continue; // an empty bin repeats the previous split
      nL += c;
      gL += gh[2 * b];
      hL += gh[2 * b + 1];
      if (nL < minLeaf) continue;
      if (nNode - nL < minLeaf) break;
      if (hL < MIN_HESSIAN_TO_SPLIT) continue;
      const hR = H - hL;
      if (hR < MIN_HESSIAN_TO_SPLIT) break;
      const gR = G - gL;
      // loss(v) = G·v with v = −G/(H+λ): gain = lossNode + G_L²/(H_L+λ) + G_R²/(H_R+λ).
      const gain = lossNode + (gL * gL) / (hL + lam) + (gR * gR) / (hR + lam);
      if (gain > bestGain) {
        bestGain = gain;
        if (best === null) best = { gain, feature: f, bin: b - base, gL, hL, nL };
        else {
          best.gain = gain;
          best.feature = f;
          best.bin = b - base;
          best.gL = gL;
          best.hL = hL;
          best.nL = nL;
        }
      }
    }
  }
  return best;
}
