/**
 * NaN-aware equality of parameter values, owned here once (ground floor): NaN equals NaN, any
 * other pair compares with `===`. Categorical choices, the grid's points and enqueueTrial's
 * skipIfExists all use it.
 * @module
 */

/** Whether two values are the same, where NaN is the same as NaN. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}
