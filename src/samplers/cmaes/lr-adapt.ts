/**
 * Learning-rate adaptation for CMA-ES (Nomura, Akimoto & Ono 2023, "CMA-ES with Learning Rate
 * Adaptation", arXiv:2304.03473): the signal-to-noise ratio of the mean and covariance updates,
 * measured in the local coordinates of the previous distribution with exponential moving
 * averages, drives the learning rates η_m and η_Σ towards SNR/α = 1 (α = 1.4, β_m = 0.1,
 * β_Σ = 0.03, γ = 0.1, both rates capped at 1). Full covariance only.
 * @module
 */
import { eigh } from "./linalg.js";

const ALPHA = 1.4;
const BETA_MEAN = 0.1;
const BETA_SIGMA = 0.03;
const GAMMA = 0.1;

/** The moving averages and learning rates. */
export interface LrState {
  etaMean: number;
  etaSigma: number;
  eMean: number[];
  eSigma: number[];
  vMean: number;
  vSigma: number;
}

/** Initial state: η = 1, averages 0. */
export function newLrState(n: number): LrState {
  return { etaMean: 1, etaSigma: 1, eMean: new Array<number>(n).fill(0), eSigma: new Array<number>(n * n).fill(0), vMean: 0, vSigma: 0 };
}

interface Dist {
  n: number;
  mean: number[];
  sigma: number;
  cov: number[];
  lr?: LrState;
}

function sq(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}

/**
 * Rewinds the CMA update `old → s` to `old + η·Δ`, after adapting η from the update's SNR.
 * `oldInvSqrtC` is C_old^(−1/2) (n×n).
 */
export function lrAdaptStep(s: Dist, old: { mean: number[]; sigma: number; cov: number[] }, oldInvSqrtC: Float64Array): void {
  const lr = s.lr as LrState;
  const { n } = s;
  const dMean = s.mean.map((m, i) => m - old.mean[i]!);
  const oldSigmaM = old.cov.map((c) => c * old.sigma * old.sigma);
  const dSigmaM = s.cov.map((c, k) => c * s.sigma * s.sigma - oldSigmaM[k]!);
  const inv = oldInvSqrtC.map((v) => v / old.sigma); // Σ_old^(−1/2)
  const locMean = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) locMean[i] = locMean[i]! + inv[i * n + k]! * dMean[k]!;
  const tmp = new Float64Array(n * n); // ΔΣ·Σ_old^(−1/2)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += dSigmaM[i * n + k]! * inv[k * n + j]!;
    tmp[i * n + j] = acc;
  }
  const locSigma = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += inv[i * n + k]! * tmp[k * n + j]!;
    locSigma[i * n + j] = acc / Math.SQRT2;
  }
  lr.eMean = lr.eMean.map((e, i) => (1 - BETA_MEAN) * e + BETA_MEAN * locMean[i]!);
  lr.eSigma = lr.eSigma.map((e, i) => (1 - BETA_SIGMA) * e + BETA_SIGMA * locSigma[i]!);
  lr.vMean = (1 - BETA_MEAN) * lr.vMean + BETA_MEAN * sq(locMean);
  lr.vSigma = (1 - BETA_SIGMA) * lr.vSigma + BETA_SIGMA * sq(locSigma);
  const snr = (e: number[], v: number, beta: number): number => {
    const e2 = sq(e);
    return (e2 - (beta / (2 - beta)) * v) / (v - e2);
  };
  const adapt = (eta: number, hat: number, beta: number): number => {
    const rel = Math.min(Math.max(hat / ALPHA / eta - 1, -1), 1);
    return Math.min(eta * Math.exp(Math.min(GAMMA * eta, beta) * rel), 1);
  };
  const beforeEtaMean = lr.etaMean;
  lr.etaMean = adapt(lr.etaMean, snr(lr.eMean, lr.vMean, BETA_MEAN), BETA_MEAN);
  lr.etaSigma = adapt(lr.etaSigma, snr(lr.eSigma, lr.vSigma, BETA_SIGMA), BETA_SIGMA);
  s.mean = old.mean.map((m, i) => m + lr.etaMean * dMean[i]!);
  const sigmaM = oldSigmaM.map((c, k) => c + lr.etaSigma * dSigmaM[k]!);
  const eig = eigh(Float64Array.from(sigmaM), n);
  let logDet = 0;
  for (const v of eig.values) logDet += Math.log(Math.max(v, 1e-300));
  const sigma = Math.min(Math.exp(logDet / 2 / n), 1e32);
  s.cov = sigmaM.map((c) => c / (sigma * sigma));
  s.sigma = sigma * (beforeEtaMean / lr.etaMean);
}
