/**
 * Leaf order of average-linkage agglomerative clustering on a similarity matrix (distance 1 − s),
 * so similar models sit next to each other in the heatmap's "clustered" order. Null similarities
 * count as 0. O(M³): used for heatmaps that are drawn per model (M ≤ a few dozen).
 */
export function clusterOrder(similarity: readonly (readonly (number | null)[])[]): number[] {
  const M = similarity.length;
  let clusters: number[][] = Array.from({ length: M }, (_, i) => [i]);
  const d = (a: number[], b: number[]) => {
    let s = 0;
    for (const i of a) for (const j of b) s += 1 - (similarity[i][j] ?? 0);
    return s / (a.length * b.length);
  };
  while (clusters.length > 1) {
    let best = { i: 0, j: 1, v: Infinity };
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const v = d(clusters[i], clusters[j]);
        if (v < best.v) best = { i, j, v };
      }
    }
    const merged = [...clusters[best.i], ...clusters[best.j]];
    clusters = [...clusters.filter((_, k) => k !== best.i && k !== best.j), merged];
    clusters.sort((a, b) => Math.min(...a) - Math.min(...b));
  }
  return clusters[0] ?? [];
}
