/**
 * The JSON round trip of distributions in Optuna's own format
 * (`{"name": "FloatDistribution", "attributes": {...}}`), shared by storages and the CLI.
 * Optuna's short form (`{"type": "float", ...}`) and its legacy classes are read too.
 * @module
 */
import { InvalidDistributionError } from "../errors.js";
import { CategoricalDistribution, type Distribution, FloatDistribution, IntDistribution, type ParamValue } from "./types.js";

/** The Optuna JSON string of a distribution. */
export function distributionToJson(d: Distribution): string {
  switch (d.type) {
    case "float":
      return JSON.stringify({ name: "FloatDistribution", attributes: { step: d.step, low: d.low, high: d.high, log: d.log } });
    case "int":
      return JSON.stringify({ name: "IntDistribution", attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
    case "categorical":
      return JSON.stringify({ name: "CategoricalDistribution", attributes: { choices: d.choices } });
  }
}

function num(a: Record<string, unknown>, k: string): number {
  const v = a[k];
  if (typeof v !== "number") throw new InvalidDistributionError(`Distribution JSON: attribute "${k}" must be a number, got ${JSON.stringify(v)}.`);
  return v;
}

/** Builds a distribution from a parsed Optuna JSON object (either form). */
export function distributionFromObject(o: unknown): Distribution {
  if (typeof o !== "object" || o === null) throw new InvalidDistributionError(`Distribution JSON must be an object, got ${JSON.stringify(o)}.`);
  const obj = o as Record<string, unknown>;
  if (typeof obj.type === "string") {
    // short form: {"type": "float", "low": .., "high": .., "log": .., "step": ..}
    const { type, ...rest } = obj;
    const name = { float: "FloatDistribution", int: "IntDistribution", categorical: "CategoricalDistribution" }[type as string];
    if (!name) throw new InvalidDistributionError(`Unknown distribution type "${String(type)}": use float, int or categorical.`);
    return distributionFromObject({ name, attributes: rest });
  }
  const name = obj.name;
  const a = (obj.attributes ?? {}) as Record<string, unknown>;
  switch (name) {
    case "FloatDistribution":
      return new FloatDistribution(num(a, "low"), num(a, "high"), { log: Boolean(a.log), step: (a.step as number | null | undefined) ?? null });
    case "IntDistribution":
      return new IntDistribution(num(a, "low"), num(a, "high"), { log: Boolean(a.log), step: (a.step as number | undefined) ?? 1 });
    case "CategoricalDistribution":
      return new CategoricalDistribution(a.choices as ParamValue[]);
    case "UniformDistribution":
      return new FloatDistribution(num(a, "low"), num(a, "high"));
    case "LogUniformDistribution":
      return new FloatDistribution(num(a, "low"), num(a, "high"), { log: true });
    case "DiscreteUniformDistribution":
      return new FloatDistribution(num(a, "low"), num(a, "high"), { step: num(a, "q") });
    case "IntUniformDistribution":
      return new IntDistribution(num(a, "low"), num(a, "high"), { step: (a.step as number | undefined) ?? 1 });
    case "IntLogUniformDistribution":
      return new IntDistribution(num(a, "low"), num(a, "high"), { log: true });
    default:
      throw new InvalidDistributionError(
        `Unknown distribution name ${JSON.stringify(name)}: expected FloatDistribution, IntDistribution or CategoricalDistribution.`,
      );
  }
}

/** Parses an Optuna distribution JSON string. @throws {InvalidDistributionError} */
export function distributionFromJson(json: string): Distribution {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new InvalidDistributionError(`Distribution JSON is not valid JSON: ${json}`, { cause: e });
  }
  return distributionFromObject(parsed);
}
