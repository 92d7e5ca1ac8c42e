/**
 * Exact decimal arithmetic on the printed form of numbers, for the step-divides-range check
 * (0.3 - 0.1 is a multiple of 0.1 in decimal, not in binary floating point).
 * @module
 * @internal
 */

/** Splits a finite number's shortest decimal form into a BigInt mantissa and a power of ten. */
function decompose(x: number): { m: bigint; e: number } {
  const s = x.toString();
  const [coef, expPart] = s.toLowerCase().split("e") as [string, string | undefined];
  let e = expPart === undefined ? 0 : Number(expPart);
  const neg = coef.startsWith("-");
  const abs = neg ? coef.slice(1) : coef;
  const dot = abs.indexOf(".");
  let digits = abs;
  if (dot >= 0) {
    digits = abs.slice(0, dot) + abs.slice(dot + 1);
    e -= abs.length - dot - 1;
  }
  const m = BigInt(digits) * (neg ? -1n : 1n);
  return { m, e };
}

function scaled(x: number, e: number): bigint {
  const d = decompose(x);
  return d.m * 10n ** BigInt(d.e - e);
}

/**
 * For `low`, `high`, `step` (step > 0, high >= low): the largest `low + k*step <= high`,
 * computed exactly in decimal. Returns `high` itself when the step divides the range.
 */
export function adjustHighToStep(low: number, high: number, step: number): number {
  const e = Math.min(decompose(low).e, decompose(high).e, decompose(step).e, 0);
  const L = scaled(low, e);
  const H = scaled(high, e);
  const S = scaled(step, e);
  const k = (H - L) / S; // BigInt division truncates toward zero; H >= L so this is floor
  const newH = L + k * S;
  if (newH === H) return high;
  // back to a Number through its decimal string
  const neg = newH < 0n;
  let digits = (neg ? -newH : newH).toString();
  if (e < 0) {
    const p = -e;
    digits = digits.padStart(p + 1, "0");
    digits = `${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p)}`;
  }
  return Number((neg ? "-" : "") + digits);
}
