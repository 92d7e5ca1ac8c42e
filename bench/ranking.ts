/** The bench's rank, computed the way an outside check does, and the flat-categorical share. */

/**
 * Per function, all runs of both implementations ranked together (lower regret = lower rank,
 * ties share the average rank), ranks scaled to 0..1 by (rank − 1)/(N − 1), averaged per
 * implementation: the mean scaled rank of `ours` (0.5 = parity, lower is better).
 */
export function pooledRank(ours: readonly number[], theirs: readonly number[]): number {
  const all = [...ours.map((v) => ({ v, mine: true })), ...theirs.map((v) => ({ v, mine: false }))];
  const key = (v: number): number => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  all.sort((a, b) => key(a.v) - key(b.v));
  const n = all.length;
  const rank = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && key((all[j + 1] as { v: number }).v) === key((all[i] as { v: number }).v)) j++;
    const r = (i + j) / 2; // 0-based average rank of the tie group
    for (let k = i; k <= j; k++) rank[k] = r;
    i = j + 1;
  }
  let s = 0;
  let c = 0;
  all.forEach((e, i) => {
    if (e.mine) {
      s += n > 1 ? (rank[i] as number) / (n - 1) : 0.5;
      c++;
    }
  });
  return c === 0 ? Number.NaN : s / c;
}

/** The share of the most frequent value among `values`. */
export function topShare(values: readonly unknown[]): number {
  const counts = new Map<unknown, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return values.length === 0 ? 0 : Math.max(...counts.values()) / values.length;
}
