/**
 * Unknown option keys are errors. TypeScript catches a misspelt key in an object literal, plain
 * JavaScript does not: `optimize(fn, { nTrial: 10 })` would silently run forever. Every public
 * call with an options object checks its keys against a list the compiler keeps complete
 * ({@link optionKeys}) and throws {@link UnknownOptionError} naming the closest valid key.
 * @module
 */
import { closest, distance } from "fastest-levenshtein";
import { InvalidArgumentError, UnknownOptionError } from "../errors.js";

/**
 * The keys of an options type, written once as `{ key: true, … }` so that the compiler refuses a
 * list that misses a key of `T` or has one `T` does not.
 * @internal
 */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/** The valid key closest to `key` (edit distance, case-insensitive first). @internal */
export function closestKey(key: string, valid: readonly string[]): string | undefined {
  if (valid.length === 0) return undefined;
  const lower = valid.find((v) => v.toLowerCase() === key.toLowerCase());
  if (lower !== undefined) return lower;
  const snake = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (valid.includes(snake)) return snake;
  // A key cut short or run on (nTrial, maxResources) or part of a longer one (name → studyName).
  const k = snake.toLowerCase();
  const related = valid.filter((v) => {
    const l = v.toLowerCase();
    return l.startsWith(k) || k.startsWith(l) || (k.length >= 3 && l.includes(k));
  });
  if (related.length > 0) return related.reduce((a, v) => (distance(k, v.toLowerCase()) < distance(k, a.toLowerCase()) ? v : a));
  const best = closest(key, valid);
  return distance(key, best) <= Math.max(key.length, best.length) ? best : undefined;
}

/**
 * Throws when `options` has a key not in `valid`. `where` names the call in the message, e.g.
 * "optimize" or "new TPESampler". Undefined options pass; a non-object is an InvalidArgumentError.
 * @internal
 */
export function checkOptionKeys(where: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(`${where}: the options must be an object, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new UnknownOptionError(where, key, valid, closestKey(key, valid));
  }
}
