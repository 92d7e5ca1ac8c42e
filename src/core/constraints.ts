/**
 * Constraints of a trial, stored as Optuna 5 stores them: one trial system attribute per
 * constraint, key `constraints:<name>`, value the number (feasible when ≤ 0). Optuna ≤ 4 stored
 * one list under `constraints` (written by `constraints_func` after the trial); it is read too,
 * its entries named "0", "1", … in order, and a new-form key of the same name wins.
 * @module
 */
import type { JsonValue } from "../trial/state.js";
import { own, setOwn } from "./own.js";

/** Constraint values by name. */
export type ConstraintsRecord = Readonly<Record<string, number>>;

/** The system-attribute prefix of one constraint (Optuna 5). */
export const CONSTRAINT_KEY_PREFIX = "constraints:";
/** The system attribute of Optuna ≤ 4's constraint list. */
export const LEGACY_CONSTRAINTS_KEY = "constraints";

/** The constraints held in `systemAttrs`, legacy list first, then the per-name attributes. */
export function constraintsFromSystemAttrs(systemAttrs: Readonly<Record<string, JsonValue>>): Record<string, number> {
  const out: Record<string, number> = {};
  const legacy = own(systemAttrs, LEGACY_CONSTRAINTS_KEY);
  if (Array.isArray(legacy)) {
    legacy.forEach((v, i) => {
      if (typeof v === "number") out[String(i)] = v;
    });
  }
  for (const key in systemAttrs) {
    if (!key.startsWith(CONSTRAINT_KEY_PREFIX)) continue;
    const v = systemAttrs[key];
    // setOwn: a constraint may be named like a built-in property ("__proto__", "constructor").
    if (typeof v === "number") setOwn(out, key.slice(CONSTRAINT_KEY_PREFIX.length), v);
  }
  return out;
}

/** Σ max(c, 0): 0 for a feasible trial (or one without constraints). */
export function totalViolation(constraints: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const k in constraints) {
    const v = constraints[k] as number;
    if (v > 0) s += v;
  }
  return s;
}

/** Whether every constraint value is ≤ 0 (a trial without constraints is feasible). */
export function isFeasible(t: { readonly constraints: Readonly<Record<string, number>> }): boolean {
  for (const k in t.constraints) if (!((t.constraints[k] as number) <= 0)) return false;
  return true;
}
