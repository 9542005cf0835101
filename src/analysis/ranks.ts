/** Ranks with ties averaged (1 = smallest), as scipy.stats.rankdata(method='average'). */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieGroups: number[] } {
  const idx = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const tieGroups: number[] = [];
  for (let s = 0; s < idx.length;) {
    let e = s;
    while (e + 1 < idx.length && idx[e + 1][0] === idx[s][0]) e++;
    const r = (s + e) / 2 + 1;
    for (let t = s; t <= e; t++) ranks[idx[t][1]] = r;
    if (e > s) tieGroups.push(e - s + 1);
    s = e + 1;
  }
  return { ranks, tieGroups };
}
