/**
 * Helpers the pruners share: eager option checks (one message per option), the warmup /
 * interval rule, and NumPy's `nanpercentile`. @internal
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import { type FrozenTrial, lastStep } from "../trial/frozen.js";

/**
 * Checks an integer option: `<pruner>: <name> must be an integer >= <min>, got <value>.`
 * @throws {InvalidArgumentError}
 * @internal
 */
export function intOption(pruner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`${pruner}: ${name} must be an integer >= ${min}, got ${describe(value)}.`);
  }
  return value;
}

/**
 * Checks a finite number option with a lower bound: `<pruner>: <name> must be a number >= <min>, got <value>.`
 * @throws {InvalidArgumentError}
 * @internal
 */
export function numberOption(pruner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new InvalidArgumentError(`${pruner}: ${name} must be a finite number >= ${min}, got ${describe(value)}.`);
  }
  return value;
}

/** How an option value is quoted in messages. @internal */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * The shared warmup / interval rule (Optuna's `_is_first_in_interval_step`): true when the
 * trial's last step is at or after `nWarmupSteps` and is its first report at or after the
 * latest interval boundary `b = floor((step − w) / interval) · interval + w`, i.e. the largest
 * other reported step is < b.
 * @internal
 */
export function isCheckStep(trial: FrozenTrial, nWarmupSteps: number, intervalSteps: number): boolean {
  const step = lastStep(trial);
  if (step === undefined || step < nWarmupSteps) return false;
  const boundary = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let prevOther = -1;
  for (const k of Object.keys(trial.intermediateValues)) {
    const s = Number(k);
    if (s !== step && s > prevOther) prevOther = s;
  }
  return prevOther < boundary;
}

/**
 * NumPy's `nanpercentile(values, q)` with the default "linear" method, bit for bit: the virtual
 * index is `(n − 1) · (q / 100)` and the interpolation is NumPy's `_lerp`. NaN when no value is
 * a number.
 * @internal
 */
export function nanPercentile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const index = (v.length - 1) * (q / 100);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, v.length - 1);
  const t = index - lo;
  const a = v[lo] as number;
  const b = v[hi] as number;
  const diff = b - a;
  // numpy._lerp: a + diff·t, computed from the upper end when t ≥ 0.5 for symmetry.
  // Like NumPy, an infinite end gives NaN (inf − inf, or inf · 0).
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** NumPy's nanmin / nanmax: NaN only when every value is NaN (or there is none). @internal */
export function nanBest(values: Iterable<number>, maximize: boolean): number {
  let best = Number.NaN;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    if (Number.isNaN(best) || (maximize ? x > best : x < best)) best = x;
  }
  return best;
}
