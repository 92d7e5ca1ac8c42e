/**
 * TPE's split of the usable trials into "below" (good: l(x)) and "above" (bad: g(x))
 * (reference §1.5).
 *
 * Below is filled, best first, until `nBelow` is used up: COMPLETE trials by value (ties keep
 * trial-number order), then PRUNED trials by progress (largest last step first, then the better
 * last intermediate value; NaN counts as worst; a pruned trial that reported nothing comes after
 * every one that did). RUNNING trials (constant liar) always go above. Both groups are returned
 * in trial-number order, which the age weights rely on.
 *
 * Several objectives: COMPLETE trials are ranked by non-domination rank (whole fronts first,
 * the front that does not fit is taken in trial-number order); then pruned trials as above.
 * @module
 */
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection } from "../../trial/state.js";
import { sortWithIndex } from "./parzen-estimator.js";

/** The two groups of a split, each in trial-number order. */
export interface Split {
  readonly below: FrozenTrial[];
  readonly above: FrozenTrial[];
}

function byNumber(a: FrozenTrial, b: FrozenTrial): number {
  return a.number - b.number;
}

/** The ranking key of a pruned trial: [−last step, last value (minimized)]. */
function prunedKey(t: FrozenTrial, sign: number): [number, number] {
  let step = -1;
  for (const k in t.intermediateValues) {
    const s = Number(k);
    if (s > step) step = s;
  }
  if (step < 0) return [1, 0];
  const v = (t.intermediateValues[step] as number) * sign;
  return [-step, Number.isNaN(v) ? Number.POSITIVE_INFINITY : v];
}

/** Non-domination rank of each point (all objectives minimized). */
export function nonDominationRanks(points: readonly (readonly number[])[]): Int32Array {
  const n = points.length;
  const ranks = new Int32Array(n).fill(-1);
  const dominatedBy = new Int32Array(n);
  const dominates: number[][] = Array.from({ length: n }, () => []);
  const dom = (a: readonly number[], b: readonly number[]): boolean => {
    let strict = false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      if (x > y) return false;
      if (x < y) strict = true;
    }
    return strict;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pi = points[i] as number[];
      const pj = points[j] as number[];
      if (dom(pi, pj)) {
        (dominates[i] as number[]).push(j);
        dominatedBy[j] = (dominatedBy[j] as number) + 1;
      } else if (dom(pj, pi)) {
        (dominates[j] as number[]).push(i);
        dominatedBy[i] = (dominatedBy[i] as number) + 1;
      }
    }
  }
  let front: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) front.push(i);
  let r = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = r;
      for (const j of dominates[i] as number[]) {
        dominatedBy[j] = (dominatedBy[j] as number) - 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    front = next;
    r++;
  }
  return ranks;
}

/**
 * Splits `trials` (COMPLETE, PRUNED and, under constant liar, RUNNING trials; others are
 * ignored) so that `nBelow` of the finished ones are below.
 */
export function splitTrials(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], nBelow: number): Split {
  let inOrder = trials;
  for (let i = 1; i < trials.length; i++) {
    if ((trials[i] as FrozenTrial).number < (trials[i - 1] as FrozenTrial).number) {
      inOrder = [...trials].sort(byNumber);
      break;
    }
  }
  const complete: FrozenTrial[] = [];
  const pruned: FrozenTrial[] = [];
  for (const t of inOrder) {
    if (t.state === "COMPLETE") complete.push(t);
    else if (t.state === "PRUNED") pruned.push(t);
  }
  const signs = directions.map((d) => (d === "maximize" ? -1 : 1));
  let ranked: FrozenTrial[];
  if (signs.length === 1) {
    // Sort (value, position) pairs without a comparator; `complete` is in trial-number order,
    // so ties keep trial-number order. NaN cannot occur (COMPLETE values are never NaN).
    const s = signs[0] as number;
    const m = complete.length;
    const keys = new Float64Array(m);
    const idx = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      keys[i] = ((complete[i] as FrozenTrial).values?.[0] ?? Number.POSITIVE_INFINITY) * s;
      idx[i] = i;
    }
    if (m > 1) sortWithIndex(keys, idx, 0, m - 1);
    ranked = new Array<FrozenTrial>(m);
    for (let i = 0; i < m; i++) ranked[i] = complete[idx[i] as number] as FrozenTrial;
  } else {
    const ranks = nonDominationRanks(complete.map((t) => (t.values ?? []).map((v, i) => v * (signs[i] as number))));
    const idx = complete.map((_, i) => i);
    idx.sort((a, b) => (ranks[a] as number) - (ranks[b] as number) || (complete[a] as FrozenTrial).number - (complete[b] as FrozenTrial).number);
    ranked = idx.map((i) => complete[i] as FrozenTrial);
  }
  const psign = signs[0] as number;
  const pk = pruned.map((t) => ({ t, k: prunedKey(t, psign) }));
  pk.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.t.number - b.t.number);
  for (const { t } of pk) ranked.push(t);
  const below = ranked.slice(0, Math.max(0, nBelow));
  below.sort(byNumber);
  // Above: every other usable trial (RUNNING included), already in trial-number order.
  const isBelow = new Set(below);
  const above: FrozenTrial[] = [];
  for (const t of inOrder) {
    if ((t.state === "COMPLETE" || t.state === "PRUNED" || t.state === "RUNNING") && !isBelow.has(t)) above.push(t);
  }
  return { below, above };
}
