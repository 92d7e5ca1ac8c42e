/**
 * Checks of what a user hands to parzen to be stored: names and keys must be well-formed
 * Unicode (a lone UTF-16 surrogate cannot be written as UTF-8, so SQLite would store bytes that
 * neither parzen nor Optuna can read back), and attribute values must be JSON that round-trips
 * (no NaN, undefined, functions, BigInt, Maps, class instances or cycles, which JSON.stringify
 * drops, changes or throws on only when the value is written). Every check throws a typed error
 * at the call, naming what was wrong and what is allowed.
 * @module
 */
import { InvalidArgumentError } from "../errors.js";
import type { JsonValue } from "../trial/state.js";

/** A lone (unpaired) UTF-16 surrogate: with the `u` flag, paired surrogates are one code point. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether a string is well-formed UTF-16 (no lone surrogate). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** JSON.stringify-like quoting that also shows lone surrogates as \uXXXX escapes. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

function loneSurrogateMessage(what: string, s: string): string {
  const i = s.search(LONE_SURROGATE);
  const code = s.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return (
    `${what} ${quote(s)} holds a lone UTF-16 surrogate (\\u${code} at index ${i}), which cannot be stored as UTF-8. ` +
    "Use a well-formed string (pair the surrogate, or remove it)."
  );
}

/**
 * A name or key that will be stored: a string without lone surrogates (`nonEmpty`: not "").
 * @throws {InvalidArgumentError}
 */
export function checkStoredString(what: string, s: unknown, nonEmpty = false): string {
  if (typeof s !== "string" || (nonEmpty && s.length === 0)) {
    throw new InvalidArgumentError(`${what} must be a ${nonEmpty ? "non-empty " : ""}string, got ${describeValue(s)}.`);
  }
  if (!isWellFormed(s)) throw new InvalidArgumentError(loneSurrogateMessage(what, s));
  return s;
}

const ALLOWED =
  "attribute values must be JSON: strings, finite numbers, booleans, null, and arrays and plain objects of them";

/** A short description of any value for an error message (never throws). */
export function describeValue(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `the BigInt ${v}n`;
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return `the symbol ${String(v)}`;
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "object" && v !== null) {
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    const cls = proto?.constructor?.name;
    if (proto !== null && proto !== Object.prototype && !Array.isArray(v)) return `a ${cls ?? "class"} instance`;
  }
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * An attribute value (`what` names the call and key, e.g. `setUserAttr("loss")`): JSON that
 * survives a round trip. Returns the value as is. `allowNonFinite`: NaN and ±Infinity pass (system
 * attributes that samplers and pruners write, e.g. a rung's intermediate value; storages write
 * them as Optuna does).
 * @throws {InvalidArgumentError} naming the path of the first bad part and what is allowed.
 */
export function checkJsonValue<T>(what: string, value: T, allowNonFinite = false): T {
  const seen = new Set<object>();
  const visit = (v: unknown, path: string): void => {
    const at = path === "" ? "" : ` at ${path}`;
    const fail = (why: string): never => {
      throw new InvalidArgumentError(`${what}: the value${at} is ${why}; ${ALLOWED}.`);
    };
    if (v === null || typeof v === "boolean") return;
    if (typeof v === "number") {
      if (!Number.isFinite(v) && !allowNonFinite) fail(`${String(v)}, which JSON cannot hold (it would be stored as null)`);
      return;
    }
    if (typeof v === "string") {
      if (!isWellFormed(v)) throw new InvalidArgumentError(`${what}: ${loneSurrogateMessage(`the string${at}`, v)}`);
      return;
    }
    if (typeof v !== "object") fail(describeValue(v));
    const o = v as object;
    if (seen.has(o)) fail("a circular reference (an object that contains itself)");
    seen.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        if (!Object.hasOwn(o, i)) fail(`a sparse array (index ${i} is a hole)`);
        visit(o[i], `${path}[${i}]`);
      }
    } else {
      const proto = Object.getPrototypeOf(o) as unknown;
      if (proto !== Object.prototype && proto !== null) fail(describeValue(o));
      for (const k of Object.keys(o)) {
        if (!isWellFormed(k)) throw new InvalidArgumentError(`${what}: ${loneSurrogateMessage(`the key${at}`, k)}`);
        visit((o as Record<string, unknown>)[k], `${path}.${k}`);
      }
      if (Object.getOwnPropertySymbols(o).length > 0) fail("an object with symbol keys");
    }
    seen.delete(o);
  };
  visit(value, "");
  return value;
}

/**
 * One attribute (user or system, of a trial or a study) before it is stored.
 * @param call the API call, for the message (e.g. "setUserAttr").
 * @throws {InvalidArgumentError} a key that is not a well-formed string, or a value that is not JSON.
 */
export function checkAttr(call: string, key: string, value: JsonValue, allowNonFinite = false): void {
  checkStoredString(`${call}: the key`, key);
  checkJsonValue(`${call}(${JSON.stringify(key)})`, value, allowNonFinite);
}

/** Checks every entry of an attribute record (createTrial, enqueueTrial). */
export function checkAttrs(call: string, attrs: Readonly<Record<string, JsonValue>> | undefined): void {
  if (attrs === undefined) return;
  for (const k of Object.keys(attrs)) checkAttr(call, k, attrs[k] as JsonValue);
}

/** ask(fixedDistributions): an object of distributions, checked before a trial is created. @throws {InvalidArgumentError} */
export function checkDistributionsArg(fixed: unknown): void {
  if (typeof fixed !== "object" || fixed === null || Array.isArray(fixed)) {
    throw new InvalidArgumentError(`ask() takes an object of distributions by parameter name, got ${describeValue(fixed)}.`);
  }
  for (const name of Object.keys(fixed)) {
    const d = (fixed as Record<string, unknown>)[name];
    const type = typeof d === "object" && d !== null ? (d as { type?: unknown }).type : undefined;
    if (type !== "float" && type !== "int" && type !== "categorical") {
      throw new InvalidArgumentError(
        `ask(): "${name}" must be a distribution, e.g. new FloatDistribution(0, 1), new IntDistribution(1, 10) or ` +
          `new CategoricalDistribution(["a", "b"]); got ${describeValue(d)}.`,
      );
    }
  }
}

/** enqueueTrial's params (well-formed names, values a parameter can take) and user attrs. @throws {InvalidArgumentError} */
export function checkEnqueuedParams(params: unknown, userAttrs?: Readonly<Record<string, JsonValue>>): void {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new InvalidArgumentError(`enqueueTrial takes an object of parameter values, got ${describeValue(params)}.`);
  }
  for (const name of Object.keys(params)) {
    checkStoredString("enqueueTrial: the parameter name", name, true);
    const v = (params as Record<string, unknown>)[name];
    if (!(v === null || ["string", "number", "boolean"].includes(typeof v)) || (typeof v === "number" && !Number.isFinite(v))) {
      throw new InvalidArgumentError(
        `enqueueTrial: the value of "${name}" is ${describeValue(v)}; a parameter value must be a finite number, a string, a boolean or null.`,
      );
    }
    if (typeof v === "string") checkStoredString(`enqueueTrial: the value of "${name}"`, v);
  }
  checkAttrs("enqueueTrial userAttrs", userAttrs);
}
