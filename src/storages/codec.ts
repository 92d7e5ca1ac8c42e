/**
 * How values are written in Optuna's tables: naive-UTC datetimes, enums by name, ±inf and NaN
 * through a value type, attributes as JSON (Python's `json.dumps` may write NaN / Infinity,
 * which `JSON.parse` rejects, so reading accepts them). Shared by the SQLite and PostgreSQL
 * backends, which keep the same schema.
 * @module
 */
import type { StudyDirection } from "../trial/state.js";

/** A Date as Optuna 5.0 writes it: naive UTC, `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function toDbDatetime(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;

/** A stored datetime (naive, read as UTC) as a Date; undefined for NULL or unreadable text. */
export function fromDbDatetime(s: unknown): Date | undefined {
  if (typeof s !== "string") return undefined;
  const m = DATETIME.exec(s);
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, "0")) / 1000) : 0;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
}

/** Study direction ↔ Optuna's enum name. */
export function directionToDb(d: StudyDirection): string {
  return d === "maximize" ? "MAXIMIZE" : "MINIMIZE";
}
export function directionFromDb(s: string): StudyDirection {
  return s === "MAXIMIZE" ? "maximize" : "minimize";
}

/** An objective value → (value, value_type) of trial_values. */
export function valueToDb(v: number): [number | null, string] {
  if (v === Number.POSITIVE_INFINITY) return [null, "INF_POS"];
  if (v === Number.NEGATIVE_INFINITY) return [null, "INF_NEG"];
  return [v, "FINITE"];
}

/** An intermediate value → (intermediate_value, intermediate_value_type). */
export function intermediateToDb(v: number): [number | null, string] {
  if (Number.isNaN(v)) return [null, "NAN"];
  return valueToDb(v);
}

/** (value, type) → number, for both tables. */
export function valueFromDb(v: number | null, type: string): number {
  switch (type) {
    case "INF_POS":
      return Number.POSITIVE_INFINITY;
    case "INF_NEG":
      return Number.NEGATIVE_INFINITY;
    case "NAN":
      return Number.NaN;
    default:
      return v ?? Number.NaN;
  }
}

const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };
const MARK = "\u0000parzen:";

/** JSON.stringify that writes NaN, Infinity and -Infinity bare, as Python's json.dumps does. */
export function stringifyJsonLenient(value: unknown): string {
  let special = false;
  const text =
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v !== "number" || Number.isFinite(v)) return v;
      special = true;
      return MARK + String(v);
    }) ?? "null";
  return special ? text.replace(/"\\u0000parzen:(NaN|Infinity|-Infinity)"/g, "$1") : text;
}

/** JSON.parse that also accepts Python's bare NaN, Infinity and -Infinity. */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
        out += text.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      const tok = ["-Infinity", "Infinity", "NaN"].find((t) => text.startsWith(t, i));
      if (tok) {
        out += JSON.stringify(MARK + tok);
        i += tok.length;
        continue;
      }
      out += c;
      i++;
    }
    try {
      return JSON.parse(out, (_k, v: unknown) =>
        typeof v === "string" && v.startsWith(MARK) ? SPECIAL[v.slice(MARK.length)] : v,
      );
    } catch {
      throw first;
    }
  }
}
