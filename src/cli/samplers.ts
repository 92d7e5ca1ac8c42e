/**
 * The --sampler / --seed options of ask and optimize.
 * @module
 */
import { type Command, Option } from "commander";
import { InvalidArgumentError } from "../errors.js";
import type { Sampler } from "../samplers/base.js";
import { defaultSampler } from "../samplers/default.js";
import { RandomSampler } from "../samplers/random.js";
import { intArg } from "./context.js";

/** Adds --sampler and --seed to a command. */
export function samplerOption(cmd: Command): Command {
  return cmd
    .addOption(new Option("--sampler <name>", "tpe or random").choices(["tpe", "random"]))
    .option("--seed <n>", "sampler seed", intArg("--seed"));
}

/** The sampler the options ask for, as a loadStudy option. */
export function samplerFromOptions(o: { sampler?: string; seed?: number }): { sampler?: Sampler } {
  if (o.sampler === undefined && o.seed === undefined) return {};
  if (o.sampler === "random") return { sampler: new RandomSampler(o.seed === undefined ? {} : { seed: o.seed }) };
  if (o.sampler === undefined || o.sampler === "tpe") return { sampler: defaultSampler(["minimize"], o.seed) };
  throw new InvalidArgumentError(`--sampler must be tpe or random, got ${JSON.stringify(o.sampler)}.`);
}
