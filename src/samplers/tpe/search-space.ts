/**
 * TPE's joint search space, kept incrementally over the finished (COMPLETE and PRUNED) trials.
 *
 * Unlike the plain intersection space (samplers/search-space.ts), a numeric parameter whose
 * range or step changed between trials stays in the space (with its newest distribution) as long
 * as its kind and log flag did not change: its old observations remain useful kernel centres,
 * and the truncation to the new range takes care of those outside it (reference §1.6, §1.12).
 *
 * With `group`, the space is decomposed into groups such that every finished trial holds each
 * group fully or not at all (each new trial's parameter set splits the existing groups into
 * their intersection and difference with it), so conditional branches are sampled jointly
 * within a branch (reference §1.10).
 * @module
 */
import { isSingle } from "../../distributions/ops.js";
import type { Distribution } from "../../distributions/types.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { SearchSpace } from "../base.js";
import { own, setOwn } from "../../core/own.js";

function sameKind(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === "categorical") return true;
  return a.log === (b as typeof a).log;
}

interface Entry {
  distribution: Distribution;
  /** The number of the trial the distribution was taken from. */
  from: number;
  /** How many finished trials hold the parameter with a compatible distribution. */
  count: number;
  compatible: boolean;
}

/** Incremental joint search space (optionally group-decomposed) of finished trials. */
export class TpeSearchSpace {
  private readonly entries = new Map<string, Entry>();
  private readonly seen = new Set<number>();
  private nFinished = 0;
  private groups: Set<string>[] = [];

  /** Folds in the finished trials of `trials` not seen before. */
  update(trials: readonly FrozenTrial[]): void {
    for (const t of trials) {
      if (t.state !== "COMPLETE" && t.state !== "PRUNED") continue;
      if (this.seen.has(t.trialId)) continue;
      this.seen.add(t.trialId);
      this.nFinished++;
      const names: string[] = [];
      for (const name in t.distributions) {
        const d = own(t.distributions, name) as Distribution;
        const e = this.entries.get(name);
        if (e === undefined) this.entries.set(name, { distribution: d, from: t.number, count: 1, compatible: true });
        else {
          e.count++;
          if (!sameKind(e.distribution, d)) e.compatible = false;
          if (t.number >= e.from) {
            e.distribution = d;
            e.from = t.number;
          }
        }
        if (!isSingle(d)) names.push(name);
      }
      this.splitGroups(names);
    }
  }

  private splitGroups(names: readonly string[]): void {
    const s = new Set(names);
    const next: Set<string>[] = [];
    const covered = new Set<string>();
    for (const g of this.groups) {
      const inter = new Set<string>();
      const diff = new Set<string>();
      for (const n of g) {
        covered.add(n);
        (s.has(n) ? inter : diff).add(n);
      }
      if (inter.size > 0) next.push(inter);
      if (diff.size > 0) next.push(diff);
    }
    const fresh = new Set<string>();
    for (const n of names) if (!covered.has(n)) fresh.add(n);
    if (fresh.size > 0) next.push(fresh);
    this.groups = next;
  }

  private usable(name: string, requireAll: boolean): Distribution | undefined {
    const e = this.entries.get(name);
    if (!e || !e.compatible || isSingle(e.distribution)) return undefined;
    if (requireAll && e.count !== this.nFinished) return undefined;
    return e.distribution;
  }

  /** The parameters every finished trial holds (newest distribution each), sorted by name. */
  intersection(): SearchSpace {
    const out: SearchSpace = {};
    for (const name of [...this.entries.keys()].sort()) {
      const d = this.usable(name, true);
      if (d) setOwn(out, name, d);
    }
    return out;
  }

  /** The groups: each a search space whose parameters always occur together. */
  groupSpaces(): SearchSpace[] {
    const out: SearchSpace[] = [];
    for (const g of this.groups) {
      const sp: SearchSpace = {};
      for (const name of [...g].sort()) {
        const d = this.usable(name, false);
        if (d) setOwn(sp, name, d);
      }
      if (Object.keys(sp).length > 0) out.push(sp);
    }
    return out;
  }
}
