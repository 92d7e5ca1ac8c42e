/**
 * Dominance and non-dominated sorting, owned here once (ground floor): the study's Pareto front
 * (`bestTrials`), TPE's multi-objective split and the Pareto-front plot all use these.
 *
 * A point dominates another when it is no worse in every objective and better in one. Sorting
 * the points lexicographically with every objective turned to "lower is better" means no point
 * can be dominated by a later one, so each point only needs checking against the front found so
 * far: O(n log n + n · front size) per front.
 * @module
 */
import type { FrozenTrial } from "../trial/frozen.js";
import type { StudyDirection } from "../trial/state.js";

/** Whether `a` dominates `b`, every objective minimized. */
export function dominatesMinimized(a: readonly number[], b: readonly number[]): boolean {
  let strict = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) strict = true;
  }
  return strict;
}

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

/** `values` with every objective turned to "lower is better". */
export function minimizedKey(values: readonly number[], directions: readonly StudyDirection[]): number[] {
  return directions.map((d, i) => (d === "maximize" ? -1 : 1) * (values[i] as number));
}

/** Whether `a` weakly dominates `b` (no worse in every objective), every objective minimized. */
export function weaklyDominatesMinimized(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > (b[i] as number)) return false;
  return true;
}

/**
 * Lexicographic order of minimized keys; `tie()` only when every difference is exactly 0 (a NaN
 * difference, e.g. Infinity − Infinity, is returned as is, which sort treats as equal).
 */
export function lexicographic(a: readonly number[], b: readonly number[], tie: () => number): number {
  for (let i = 0; i < a.length; i++) {
    // Compared, not subtracted: Infinity − Infinity is NaN, which sort would read as a tie.
    const x = a[i] as number;
    const y = b[i] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return tie();
}

/**
 * Splits items into the non-dominated front and the rest. `key` gives an item's minimized
 * objective values; `tie` orders items with equal keys (e.g. by trial number). Both lists come
 * back in the lexicographic visiting order.
 */
export function splitFront<T>(items: readonly T[], key: (item: T) => readonly number[], tie: (a: T, b: T) => number): { front: T[]; dominated: T[] } {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  keyed.sort((a, b) => lexicographic(a.k, b.k, () => tie(a.item, b.item)));
  const front: { item: T; k: readonly number[] }[] = [];
  const dominated: T[] = [];
  for (const p of keyed) {
    if (front.some((f) => dominatesMinimized(f.k, p.k))) dominated.push(p.item);
    else front.push(p);
  }
  return { front: front.map((f) => f.item), dominated };
}

/** The COMPLETE trials no other COMPLETE trial dominates, ordered by number. */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === "COMPLETE" && t.values !== undefined);
  const { front } = splitFront(
    complete,
    (t) => minimizedKey(t.values as readonly number[], directions),
    (a, b) => a.number - b.number,
  );
  return front.sort((a, b) => a.number - b.number);
}

/**
 * Fronts of `points` (all objectives minimized) — non-domination rank 0, then 1, … — each in
 * index order, until at least `needed` points are listed (whole fronts only). Peeling stops once
 * enough are listed, so the cost is O(n log n + fronts · n · front size), not the O(n²) of a full
 * ranking.
 */
export function frontsUntil(points: readonly (readonly number[])[], needed: number): number[][] {
  let remaining = points.map((_, i) => i);
  remaining.sort((i, j) => lexicographic(points[i] as readonly number[], points[j] as readonly number[], () => i - j));
  const fronts: number[][] = [];
  let listed = 0;
  while (listed < needed && remaining.length > 0) {
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      const p = points[i] as readonly number[];
      let dominated = false;
      for (const j of front) {
        if (dominatesMinimized(points[j] as readonly number[], p)) {
          dominated = true;
          break;
        }
      }
      (dominated ? rest : front).push(i);
    }
    front.sort((i, j) => i - j);
    fronts.push(front);
    listed += front.length;
    remaining = rest;
  }
  return fronts;
}

/** The indices of {@link frontsUntil}, flattened: front by front until at least `needed`. */
export function frontsInOrder(points: readonly (readonly number[])[], needed: number): number[] {
  return frontsUntil(points, needed).flat();
}
