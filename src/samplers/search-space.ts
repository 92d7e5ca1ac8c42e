/**
 * The intersection search space: parameters whose distribution is the same in every COMPLETE
 * and PRUNED trial (single-value distributions left out), sorted by name. Kept incrementally:
 * each call only looks at trials it has not seen.
 * @module
 */
import { distributionsEqual, isSingle } from "../distributions/ops.js";
import type { Distribution } from "../distributions/types.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { SearchSpace } from "./base.js";
import { own, setOwn } from "../core/own.js";

/** Incremental intersection search space over finished trials. */
export class IntersectionSearchSpace {
  private space: Map<string, Distribution> | undefined;
  private seen = new Set<number>();

  constructor(private readonly includePruned = true) {}

  /** The space over `trials` (which must include every trial given before). */
  calculate(trials: readonly FrozenTrial[]): SearchSpace {
    for (const t of trials) {
      if (!(t.state === "COMPLETE" || (this.includePruned && t.state === "PRUNED"))) continue;
      if (this.seen.has(t.trialId)) continue;
      this.seen.add(t.trialId);
      if (this.space === undefined) {
        this.space = new Map(Object.entries(t.distributions));
        continue;
      }
      for (const [name, d] of this.space) {
        const td = own(t.distributions, name);
        if (td === undefined || !distributionsEqual(td, d)) this.space.delete(name);
      }
    }
    const out: SearchSpace = {};
    if (!this.space) return out;
    for (const name of [...this.space.keys()].sort()) {
      const d = this.space.get(name) as Distribution;
      if (!isSingle(d)) setOwn(out, name, d);
    }
    return out;
  }
}
