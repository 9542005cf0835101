/** "did you mean …" for a mistyped key: the closest allowed name by edit distance (≤ 2, or a prefix/plural). */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return prev[b.length];
}

/** The allowed name closest to `key`, or null when none is close. */
export function closestName(key: string, allowed: readonly string[]): string | null {
  const k = key.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const a of allowed) {
    const l = a.toLowerCase();
    const d = l.startsWith(k) || k.startsWith(l) ? Math.min(1, editDistance(k, l)) : editDistance(k, l);
    if (d < bestD) {
      best = a;
      bestD = d;
    }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** "unknown key 'probs' (did you mean 'prob'?); allowed: …" */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const near = closestName(key, allowed);
  return `unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; allowed: ${allowed.join(', ')}`;
}
