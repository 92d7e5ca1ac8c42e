import type { Trial } from "../../src/index.js";

/** A trivial objective: measures the per-trial cost of the machinery. */
export default function objective(trial: Trial): number {
  return trial.suggestFloat("x", -5, 5) ** 2;
}
