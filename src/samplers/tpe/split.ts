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
 * Constraints: trials with a constraint > 0 rank after every feasible trial, among themselves by
 * total violation (smallest first).
 *
 * Several objectives: COMPLETE trials are ranked by non-domination rank (whole fronts first,
 * the front that does not fit is cut by greedy hypervolume subset selection, as MOTPE and
 * Optuna do); then pruned trials as above.
 * @module
 */
import { frontsUntil } from "../../core/pareto.js";
import { greedyHssp, motpeReferencePoint } from "../../multi-objective/hssp.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection } from "../../trial/state.js";
import { totalViolation } from "../../core/constraints.js";
import { sortWithIndex } from "./parzen-estimator.js";

export { frontsInOrder } from "../../core/pareto.js";

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

/**
 * MOTPE's ranking of `needed` good points (Ozaki et al. 2020; Optuna's split): whole fronts while
 * they fit, then the front that does not fit cut by greedy hypervolume subset selection against
 * {@link motpeReferencePoint} of that front (index order when a value is not finite). Returns
 * exactly min(needed, n) indices.
 */
export function motpeGood(points: readonly (readonly number[])[], needed: number): number[] {
  const out: number[] = [];
  for (const front of frontsUntil(points, needed)) {
    const room = needed - out.length;
    if (front.length <= room) {
      for (const i of front) out.push(i);
      continue;
    }
    const pts = front.map((i) => points[i] as readonly number[]);
    if (pts.some((p) => p.some((v) => !Number.isFinite(v)))) {
      for (const i of front.slice(0, room)) out.push(i);
    } else {
      const ref = motpeReferencePoint(pts);
      for (const k of greedyHssp(pts, room, ref).sort((a, b) => a - b)) out.push(front[k] as number);
    }
    break;
  }
  return out;
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
  const infeasible: { t: FrozenTrial; v: number }[] = [];
  for (const t of inOrder) {
    if (t.state !== "COMPLETE" && t.state !== "PRUNED") continue;
    const v = t.constraints === undefined ? 0 : totalViolation(t.constraints);
    if (v > 0 || Number.isNaN(v)) infeasible.push({ t, v: Number.isNaN(v) ? Number.POSITIVE_INFINITY : v });
    else if (t.state === "COMPLETE") complete.push(t);
    else pruned.push(t);
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
    // Whole fronts while they fit; the front that does not fit cut by hypervolume subset
    // selection (MOTPE). Only the good group's membership matters, so ranking stops once it is
    // covered; the rest keep trial-number order.
    const points = complete.map((t) => (t.values ?? []).map((v, i) => v * (signs[i] as number)));
    const order = motpeGood(points, Math.max(0, nBelow));
    const taken = new Uint8Array(complete.length);
    ranked = [];
    for (const i of order) {
      taken[i] = 1;
      ranked.push(complete[i] as FrozenTrial);
    }
    for (let i = 0; i < complete.length; i++) if (taken[i] === 0) ranked.push(complete[i] as FrozenTrial);
  }
  const psign = signs[0] as number;
  const pk = pruned.map((t) => ({ t, k: prunedKey(t, psign) }));
  pk.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.t.number - b.t.number);
  for (const { t } of pk) ranked.push(t);
  // Infeasible trials (a constraint > 0) after every feasible one, by total violation (c-TPE as
  // in Optuna 4.9/5.0); a stable sort keeps trial-number order among equal violations.
  infeasible.sort((a, b) => a.v - b.v);
  for (const { t } of infeasible) ranked.push(t);
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
