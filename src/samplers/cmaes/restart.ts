/**
 * The evolution: the current CMA-ES run plus the restart bookkeeping of IPOP (Auger & Hansen
 * 2005: on a stop criterion, restart from a random mean with the population doubled) and BIPOP
 * (Hansen 2009: alternate large-population restarts with small ones, λ = ⌊λ₀·(inc^n_large)^(u²)⌋
 * and σ = σ₀·10^(−2u), whichever regime has used fewer evaluations).
 * @module
 */
import type { Rng } from "../../random/rng.js";
import { Cma, type CmaState, newRun } from "./cma.js";

/** Restart strategies. */
export type RestartStrategy = "ipop" | "bipop";

/** Everything stored after each generation. */
export interface Evolution {
  readonly version: 1;
  /** The search-space signature the run belongs to. */
  readonly space: string;
  /** Index of the current run (0 = the first). */
  restart: number;
  popsize0: number;
  nLarge: number;
  smallEval: number;
  largeEval: number;
  poptype: "small" | "large";
  run: CmaState;
}

/** How restarts are made. */
export interface RestartPolicy {
  readonly strategy: RestartStrategy | undefined;
  readonly incPopsize: number;
  readonly sigma0: number;
  readonly separable: boolean;
  readonly lrAdapt: boolean;
  readonly steps: readonly number[];
}

/**
 * After a tell: when the run meets a stop criterion and a strategy is set, replaces it with the
 * next run. Returns whether it restarted.
 */
export function maybeRestart(evo: Evolution, cma: Cma, policy: RestartPolicy, rng: Rng): boolean {
  if (policy.strategy === undefined || !cma.shouldStop()) return false;
  const run = evo.run;
  let lambda: number;
  let sigma = policy.sigma0;
  if (policy.strategy === "ipop") {
    lambda = run.lambda * policy.incPopsize;
  } else {
    const used = run.lambda * run.generation;
    if (evo.poptype === "small") evo.smallEval += used;
    else evo.largeEval += used;
    if (evo.smallEval < evo.largeEval) {
      evo.poptype = "small";
      const u = rng.random();
      lambda = Math.max(2, Math.floor(evo.popsize0 * (policy.incPopsize ** evo.nLarge) ** (u * u)));
      sigma = policy.sigma0 * 10 ** (-2 * rng.random());
    } else {
      evo.poptype = "large";
      evo.nLarge += 1;
      lambda = evo.popsize0 * policy.incPopsize ** evo.nLarge;
    }
  }
  const mean = Array.from({ length: run.n }, () => rng.random());
  evo.run = newRun({ mean, sigma, lambda, separable: policy.separable, lrAdapt: policy.lrAdapt, steps: policy.steps });
  evo.restart += 1;
  return true;
}
