/**
 * The one-sample Wilcoxon signed-rank test as SciPy's `scipy.stats.wilcoxon(d, alternative=…,
 * zero_method="zsplit")` computes it (SciPy 1.17, method "auto", no continuity correction):
 *
 *   n > 50 ─────────────────────────────→ normal approximation (tie-corrected variance)
 *   n ≤ 50, no ties and no zeros ───────→ exact null distribution of R+
 *   n ≤ 13 with ties or zeros ──────────→ exact sign-flip permutation test (all 2^n flips)
 *   13 < n ≤ 50 with ties or zeros ─────→ normal approximation
 *
 * With "zsplit", zeros are ranked with the other |d| and half their rank goes to R+.
 * @module
 */

/** The one-sided alternatives: "greater" tests whether d tends to be positive. */
export type SignedRankAlternative = "greater" | "less";

/** Average ranks (1-based) of `values`, and the sizes of the groups of tied values. @internal */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const rank = (i + 1 + j + 1) / 2;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * The p-value of the one-sided signed-rank test of the differences `d` (finite numbers), or NaN
 * when `d` is empty.
 */
export function signedRankPValue(d: readonly number[], alternative: SignedRankAlternative): number {
  const n = d.length;
  if (n === 0) return Number.NaN;
  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  let rPlus = 0;
  let nZero = 0;
  for (let i = 0; i < n; i++) {
    const x = d[i] as number;
    if (x > 0) rPlus += ranks[i] as number;
    else if (x === 0) {
      rPlus += (ranks[i] as number) / 2;
      nZero++;
    }
  }
  const hasTies = tieSizes.some((t) => t > 1);
  if (n <= 50 && !hasTies && nZero === 0) return exactPValue(n, rPlus, alternative);
  if (n <= 13 && (hasTies || nZero > 0)) return signFlipPValue(d, ranks, rPlus, alternative);
  const mean = (n * (n + 1)) / 4;
  const tieCorrection = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
  const se = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieCorrection / 2) / 24);
  const z = (rPlus - mean) / se;
  return alternative === "greater" ? normalSf(z) : normalSf(-z);
}

/** P(R+ ≥ floor(r)) ("greater") or P(R+ ≤ ceil(r)) ("less") under the exact null distribution. */
function exactPValue(n: number, rPlus: number, alternative: SignedRankAlternative): number {
  const max = (n * (n + 1)) / 2;
  // counts[k] = number of subsets of {1..n} whose sum is k
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let k = max; k >= r; k--) counts[k] = (counts[k] as number) + (counts[k - r] as number);
  }
  let hit = 0;
  if (alternative === "greater") for (let k = Math.floor(rPlus); k <= max; k++) hit += counts[k] as number;
  else for (let k = 0; k <= Math.ceil(rPlus); k++) hit += counts[k] as number;
  return hit / 2 ** n;
}

/** SciPy's exact permutation test: R+ over all 2^n sign flips, with its relative tolerance. */
function signFlipPValue(d: readonly number[], ranks: readonly number[], observed: number, alternative: SignedRankAlternative): number {
  const n = d.length;
  let fixed = 0;
  const movable: number[] = [];
  for (let i = 0; i < n; i++) {
    if (d[i] === 0) fixed += (ranks[i] as number) / 2;
    else movable.push(ranks[i] as number);
  }
  const gamma = Math.abs(100 * Number.EPSILON * observed);
  const m = movable.length;
  let hit = 0;
  for (let mask = 0; mask < 1 << m; mask++) {
    let s = fixed;
    for (let i = 0; i < m; i++) if (mask & (1 << i)) s += movable[i] as number;
    if (alternative === "greater" ? s >= observed - gamma : s <= observed + gamma) hit++;
  }
  // Flipping a zero gives the same statistic, so the 2^(n − m) copies cancel out.
  return hit / 2 ** m;
}

/** The standard normal survival function P(Z > z). @internal */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The complementary error function, to about 1e-14 relative. @internal */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π · e^(−x²) · Σ 2^k x^(2k+1) / (1·3·…·(2k+1)): every term positive.
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0;
  // Continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), Lentz's method.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let dd = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    dd = x + a * dd;
    dd = Math.abs(dd) < tiny ? tiny : dd;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    dd = 1 / dd;
    const delta = c * dd;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
