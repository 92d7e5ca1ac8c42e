/**
 * CMA-ES strategy parameters, from Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial",
 * arXiv:1604.00772, eqs. 48–56, with active negative weights), and the separable variant's
 * changes (Ros & Hansen 2008: c₁ and c_μ scaled by (n+2)/3, positive weights only).
 * @module
 */

/** The constants of one CMA-ES run, derived from the dimension and population size. */
export interface StrategyParams {
  readonly n: number;
  readonly lambda: number;
  readonly mu: number;
  /** λ recombination weights, the first μ positive and summing to 1, the rest ≤ 0. */
  readonly weights: Float64Array;
  readonly muEff: number;
  readonly c1: number;
  readonly cMu: number;
  readonly cc: number;
  readonly cSigma: number;
  readonly dSigma: number;
  readonly cm: number;
  /** E‖N(0, I)‖. */
  readonly chiN: number;
}

/** The default population size 4 + ⌊3 ln n⌋. */
export function defaultPopsize(n: number): number {
  return 4 + Math.floor(3 * Math.log(n));
}

/** Strategy parameters for dimension `n`, population `lambda`; `separable` for sep-CMA. */
export function strategyParams(n: number, lambda: number, separable: boolean): StrategyParams {
  const mu = Math.floor(lambda / 2);
  const raw = new Float64Array(lambda);
  for (let i = 0; i < lambda; i++) raw[i] = Math.log((lambda + 1) / 2) - Math.log(i + 1);
  let sPos = 0;
  let sPos2 = 0;
  let sNeg = 0;
  let sNeg2 = 0;
  for (let i = 0; i < lambda; i++) {
    const w = raw[i]!;
    if (i < mu) {
      sPos += w;
      sPos2 += w * w;
    } else {
      sNeg += w;
      sNeg2 += w * w;
    }
  }
  const muEff = (sPos * sPos) / sPos2;
  const muEffNeg = sNeg2 > 0 ? (sNeg * sNeg) / sNeg2 : 0;
  let c1 = 2 / ((n + 1.3) ** 2 + muEff);
  let cMu = Math.min(1 - c1 - 1e-8, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  if (separable) {
    c1 *= (n + 2) / 3;
    cMu = Math.min(1 - c1 - 1e-8, cMu * ((n + 2) / 3));
  }
  const weights = new Float64Array(lambda);
  const alphaMuNeg = 1 + c1 / cMu;
  const alphaMuEffNeg = 1 + (2 * muEffNeg) / (muEff + 2);
  const alphaPosDefNeg = (1 - c1 - cMu) / (n * cMu);
  const negScale = Math.min(alphaMuNeg, alphaMuEffNeg, alphaPosDefNeg) / Math.abs(sNeg || 1);
  for (let i = 0; i < lambda; i++) {
    if (i < mu) weights[i] = raw[i]! / sPos;
    else weights[i] = separable ? 0 : negScale * raw[i]!;
  }
  const cc = separable ? 4 / (n + 4) : (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const cSigma = separable ? (muEff + 2) / (n + muEff + 3) : (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  return { n, lambda, mu, weights, muEff, c1, cMu, cc, cSigma, dSigma, cm: 1, chiN };
}
