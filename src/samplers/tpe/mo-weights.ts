/**
 * MOTPE's kernel weights of the good group (Ozaki et al. 2020, 2022; Optuna ≤ 4.9): each good
 * trial on the good group's Pareto front weighs its hypervolume contribution divided by the
 * largest one (floored at 1e−12); good trials off that front, infeasible and pruned ones weigh
 * 1e−12. Reference point: {@link motpeReferencePoint} of the good values. With at most one
 * valued trial, or a value that is not finite, every trial weighs 1.
 * @module
 */
import { hypervolumeContributions } from "../../multi-objective/hypervolume.js";
import { motpeReferencePoint } from "../../multi-objective/hssp.js";
import { isFeasible } from "../../core/constraints.js";
import { splitFront } from "../../core/pareto.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection } from "../../trial/state.js";

const EPS = 1e-12;

/** Trial number → weight for the good group `below`. */
export function hypervolumeWeights(below: readonly FrozenTrial[], directions: readonly StudyDirection[]): Map<number, number> {
  const signs = directions.map((d) => (d === "maximize" ? -1 : 1));
  const out = new Map<number, number>();
  const valued = below.filter((t) => t.state === "COMPLETE" && t.values !== undefined && isFeasible(t));
  const pts = valued.map((t) => (t.values as readonly number[]).map((v, i) => v * (signs[i] as number)));
  if (valued.length <= 1 || pts.some((p) => p.some((v) => !Number.isFinite(v)))) {
    for (const t of below) out.set(t.number, valued.includes(t) || valued.length === 0 ? 1 : EPS);
    return out;
  }
  for (const t of below) out.set(t.number, EPS);
  // Every value is finite here, so core/pareto.ts's front is exactly the points nothing dominates.
  const onFront = pts.map(() => false);
  for (const i of splitFront(pts.map((_, i) => i), (i) => pts[i] as number[], (a, b) => a - b).front) onFront[i] = true;
  const front = pts.filter((_, i) => onFront[i]);
  const ref = motpeReferencePoint(front);
  const c = hypervolumeContributions(front, ref);
  let max = 0;
  for (const v of c) if (v > max) max = v;
  let k = 0;
  for (let i = 0; i < valued.length; i++) {
    if (!onFront[i]) continue;
    const w = max > 0 ? (c[k] as number) / max : 1;
    out.set((valued[i] as FrozenTrial).number, Math.max(w, EPS));
    k++;
  }
  return out;
}
