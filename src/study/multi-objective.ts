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

/** The COMPLETE trials no other COMPLETE trial dominates, ordered by number. */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === "COMPLETE" && t.values !== undefined);
  // sort by first objective so a point can only be dominated by an earlier one or an equal one
  const s0 = directions[0] === "maximize" ? -1 : 1;
  const sorted = [...complete].sort((a, b) => s0 * ((a.values?.[0] as number) - (b.values?.[0] as number)));
  const front: FrozenTrial[] = [];
  for (const t of sorted) {
    const v = t.values as readonly number[];
    if (!complete.some((o) => o !== t && dominates(o.values as readonly number[], v, directions))) front.push(t);
  }
  return front.sort((a, b) => a.number - b.number);
}
