/**
 * Dominance and the Pareto front.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/** Whether values `a` dominate `b`: no worse in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const s = directions[i] === "maximize" ? -1 : 1;
    const x = s * (a[i] as number);
    const y = s * (b[i] as number);
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * The COMPLETE trials no other COMPLETE trial dominates, ordered by number. Sorting the points
 * lexicographically (all objectives minimized) means no point can be dominated by a later one,
 * so each point is only checked against the front found so far: O(n · front size).
 */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const signs = directions.map((d) => (d === "maximize" ? -1 : 1));
  const complete = trials.filter((t) => t.state === "COMPLETE" && t.values !== undefined);
  const key = (t: FrozenTrial) => signs.map((s, i) => s * ((t.values as readonly number[])[i] as number));
  const keyed = complete.map((t) => ({ t, k: key(t) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < signs.length; i++) {
      const d = (a.k[i] as number) - (b.k[i] as number);
      if (d !== 0) return d;
    }
    return a.t.number - b.t.number;
  });
  const front: { t: FrozenTrial; k: number[] }[] = [];
  const dominatesKey = (a: number[], b: number[]): boolean => {
    let better = false;
    for (let i = 0; i < a.length; i++) {
      if ((a[i] as number) > (b[i] as number)) return false;
      if ((a[i] as number) < (b[i] as number)) better = true;
    }
    return better;
  };
  for (const p of keyed) if (!front.some((f) => dominatesKey(f.k, p.k))) front.push(p);
  return front.map((f) => f.t).sort((a, b) => a.number - b.number);
}
