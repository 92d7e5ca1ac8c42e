/**
 * A small limited-memory BFGS minimizer (Nocedal & Wright 2006, alg. 7.4/7.5) with optional box
 * bounds handled by projection: the two-loop direction on the free variables, a projected
 * backtracking (Armijo) line search, and a steepest-descent restart when the direction is not one
 * of descent. Enough for the GP's smooth, low-dimensional problems (the kernel fit and the
 * acquisition's continuous coordinates); written by hand because no maintained JS L-BFGS(-B)
 * works on Float64Array without allocation per step (docs/gp.md).
 * @module
 */

/** Objective: returns f(x) and writes ∇f(x) into `grad`. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Stop when the projected gradient's largest entry is below this. */
  readonly gtol: number;
  readonly maxIter: number;
  /** Stop when f improves by less than ftol·max(1, |f|). Default 2.2e−9 (L-BFGS-B's factr 1e7). */
  readonly ftol?: number;
  /** History pairs kept. Default 10. */
  readonly memory?: number;
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
}

/** Result of {@link minimize}. */
export interface MinimizeResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Minimizes `fg` from `x0` (not modified). */
export function minimize(fg: ValueAndGradient, x0: Float64Array, opts: MinimizeOptions): MinimizeResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 2.2e-9;
  const { lower, upper } = opts;
  const project = (x: Float64Array): void => {
    if (!lower || !upper) return;
    for (let i = 0; i < n; i++) x[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, x[i] as number));
  };
  let x = x0.slice();
  project(x);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  if (!Number.isFinite(f)) return { x, f, iterations, evaluations, converged };
  while (iterations < opts.maxIter) {
    // projected gradient: zero where a bound is active and the gradient pushes outward
    let gmax = 0;
    for (let i = 0; i < n; i++) {
      let gi = g[i] as number;
      if (lower && upper) {
        if ((x[i] as number) <= (lower[i] as number) && gi > 0) gi = 0;
        else if ((x[i] as number) >= (upper[i] as number) && gi < 0) gi = 0;
      }
      pg[i] = gi;
      gmax = Math.max(gmax, Math.abs(gi));
    }
    if (gmax < opts.gtol) {
      converged = true;
      break;
    }
    // two-loop recursion on the projected gradient
    for (let i = 0; i < n; i++) d[i] = -(pg[i] as number);
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = (rho[j] as number) * dot(S[j] as Float64Array, d);
      alpha[j] = a;
      axpy(-a, Y[j] as Float64Array, d);
    }
    if (k > 0) {
      const sy = 1 / (rho[k - 1] as number);
      const yy = dot(Y[k - 1] as Float64Array, Y[k - 1] as Float64Array);
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let j = 0; j < k; j++) {
      const b = (rho[j] as number) * dot(Y[j] as Float64Array, d);
      axpy((alpha[j] as number) - b, S[j] as Float64Array, d);
    }
    if (lower && upper) {
      for (let i = 0; i < n; i++) {
        if (pg[i] === 0 && g[i] !== 0) d[i] = 0;
      }
    }
    let slope = dot(pg, d);
    if (!(slope < 0)) {
      for (let i = 0; i < n; i++) d[i] = -(pg[i] as number);
      slope = dot(pg, d);
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
    }
    let t = k === 0 ? Math.min(1, 1 / gmax) : 1;
    let accepted = false;
    let fnew = f;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < n; i++) xn[i] = (x[i] as number) + t * (d[i] as number);
      project(xn);
      let dec = 0;
      for (let i = 0; i < n; i++) dec += (g[i] as number) * ((xn[i] as number) - (x[i] as number));
      fnew = fg(xn, gn);
      evaluations++;
      if (Number.isFinite(fnew) && fnew <= f + 1e-4 * Math.min(dec, 0)) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    iterations++;
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (xn[i] as number) - (x[i] as number);
      y[i] = (gn[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.max(1, dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const improvement = f - fnew;
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    f = fnew;
    if (improvement <= ftol * Math.max(1, Math.abs(f))) {
      converged = true;
      break;
    }
  }
  return { x, f, iterations, evaluations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}
