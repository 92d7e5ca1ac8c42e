/**
 * Warm starting CMA-ES from the trials of a similar task (Nomura, Watanabe, Akimoto, Ozaki &
 * Onishi 2021, "Warm Starting CMA-ES for Hyperparameter Optimization", arXiv:2012.06932): the
 * promising distribution is the mean and covariance of the best γ = 10% source points, plus a
 * prior α²I (α = 0.1); it becomes the first mean, σ₀ = det(Σ)^(1/2n) and C = Σ/σ₀².
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import { own } from "../../core/own.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { StudyDirection } from "../../trial/state.js";
import { eigh } from "./linalg.js";
import type { UnitCube } from "../unit-cube.js";
import { distributionContains } from "../../distributions/ops.js";

const GAMMA = 0.1;
const ALPHA = 0.1;

/** The warm-start mean, step size and covariance (n×n row-major). */
export interface WarmStart {
  mean: number[];
  sigma: number;
  cov: number[];
}

/**
 * @throws {InvalidArgumentError} when fewer than 10 source trials are COMPLETE, single-objective
 * and have exactly the space's parameters inside their ranges.
 */
export function warmStart(source: readonly FrozenTrial[], cube: UnitCube, direction: StudyDirection): WarmStart {
  const names = cube.coords.map((c) => c.name);
  const ok = source.filter(
    (t) =>
      t.state === "COMPLETE" &&
      typeof t.value === "number" &&
      Number.isFinite(t.value) &&
      Object.keys(t.params).length === names.length &&
      cube.coords.every((c) => Object.hasOwn(t.params, c.name) && distributionContains(c.dist, own(t.params, c.name) ?? null)),
  );
  const k = Math.floor(GAMMA * ok.length);
  if (k < 1) {
    throw new InvalidArgumentError(
      `CmaEsSampler: sourceTrials needs at least 10 COMPLETE trials with exactly the parameters ${names.join(", ")} ` +
        `inside their ranges; ${ok.length} qualify. Pass more trials, or leave sourceTrials out.`,
    );
  }
  const sign = direction === "maximize" ? -1 : 1;
  const top = [...ok].sort((a, b) => sign * ((a.value as number) - (b.value as number))).slice(0, k);
  const xs = top.map((t) => cube.toCube(t.params));
  const n = names.length;
  const mean = new Array<number>(n).fill(0);
  for (const x of xs) for (let i = 0; i < n; i++) mean[i] = mean[i]! + x[i]! / k;
  const cov = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (const x of xs) s += x[i]! * x[j]!;
      cov[i * n + j] = s / k - mean[i]! * mean[j]! + (i === j ? ALPHA * ALPHA : 0);
    }
  }
  let logDet = 0;
  for (const v of eigh(Float64Array.from(cov), n).values) logDet += Math.log(Math.max(v, 1e-300));
  const sigma = Math.exp(logDet / (2 * n));
  return { mean, sigma, cov: cov.map((c) => c / (sigma * sigma)) };
}
