/**
 * The study-wide rule of distributions, owned here once: a parameter name keeps its kind, log
 * flag and categorical choices within a study (see `assertCompatible`); the first distribution
 * seen for a name is the reference. Every layer that enforces the rule uses this class — the
 * study session at suggest (synchronously, against the trials this process has seen) and each
 * storage backend at write (the authority across processes, as the Storage contract promises).
 * Compatibility is an equivalence (same kind, log flag and choices), so checking against the
 * first distribution is checking against all of them.
 * @module
 */
import { assertCompatible } from "./ops.js";
import type { Distribution } from "./types.js";

/** First distribution per parameter name, with the compatibility check. */
export class DistributionRegistry {
  private readonly first = new Map<string, Distribution>();

  /**
   * @param lookup where a backend finds a name this registry has not seen yet (e.g. an SQL query);
   *   undefined when the name was never used.
   */
  constructor(private readonly lookup?: (name: string) => Distribution | undefined) {}

  /**
   * Checks `distribution` against the name's reference and records it as the reference when the
   * name is new. @throws {IncompatibleDistributionError}
   */
  check(name: string, distribution: Distribution): void {
    let prev = this.first.get(name);
    // With a lookup, the remembered reference may be stale (another process deleted the study and
    // created a new one of that name): on a mismatch the lookup decides.
    if (prev !== undefined && this.lookup !== undefined && !compatible(name, prev, distribution)) prev = undefined;
    if (prev === undefined && this.lookup !== undefined) prev = this.lookup(name);
    if (prev !== undefined) assertCompatible(name, prev, distribution);
    this.first.set(name, prev ?? distribution);
  }

  /** Records the distributions of a trial already stored (no check: storage has checked them). */
  observe(distributions: Readonly<Record<string, Distribution>>): void {
    for (const name in distributions) {
      if (!this.first.has(name)) this.first.set(name, distributions[name] as Distribution);
    }
  }

  /** Forgets everything (after a rolled-back write, the lookup is asked again). */
  clear(): void {
    this.first.clear();
  }
}

function compatible(name: string, a: Distribution, b: Distribution): boolean {
  try {
    assertCompatible(name, a, b);
    return true;
  } catch {
    return false;
  }
}
