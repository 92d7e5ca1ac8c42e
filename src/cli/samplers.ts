/**
 * The --sampler / --seed options of ask and optimize.
 * @module
 */
import { type Command, Option } from "commander";
import { InvalidArgumentError } from "../errors.js";
import type { Sampler } from "../samplers/base.js";
import { defaultSampler } from "../samplers/default.js";
import { CmaEsSampler } from "../samplers/cmaes/index.js";
import { GPSampler } from "../samplers/gp/sampler.js";
import { QMCSampler } from "../samplers/qmc/index.js";
import { NSGAIISampler, NSGAIIISampler } from "../samplers/nsga/index.js";
import { RandomSampler } from "../samplers/random.js";
import { reseededPerTrial } from "../samplers/reseed.js";
import { TPESampler } from "../samplers/tpe/sampler.js";
import { intArg } from "./context.js";

/** Adds --sampler and --seed to a command. */
export function samplerOption(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--sampler <name>", "auto (the default), tpe, gp, cmaes, qmc, random, nsga2 or nsga3").choices(["auto", "tpe", "gp", "cmaes", "qmc", "random", "nsga2", "nsga3"]),
    )
    .option("--seed <n>", "sampler seed", intArg("--seed"));
}

/**
 * The sampler the options ask for, as a loadStudy option. Each CLI call is a new process with a
 * new sampler: with a fixed --seed every call would draw the same numbers, so a seeded sampler is
 * reseeded per trial from (seed, trial number) (samplers/reseed.ts).
 */
export function samplerFromOptions(o: { sampler?: string; seed?: number }): { sampler?: Sampler } {
  if (o.sampler === undefined && o.seed === undefined) return {};
  let sampler: Sampler;
  const seeded = o.seed === undefined ? {} : { seed: o.seed };
  // CMA-ES keeps its evolution and QMC its place in the sequence in the storage, so both carry
  // over from one CLI call (one process) to the next
  if (o.sampler === "random") sampler = new RandomSampler(seeded);
  else if (o.sampler === "cmaes") sampler = new CmaEsSampler(seeded);
  else if (o.sampler === "nsga2") sampler = new NSGAIISampler(seeded);
  else if (o.sampler === "nsga3") sampler = new NSGAIIISampler(seeded);
  else if (o.sampler === "qmc") sampler = new QMCSampler({ seed: o.seed ?? 0 });
  else if (o.sampler === "tpe") sampler = new TPESampler(seeded);
  else if (o.sampler === "gp") sampler = new GPSampler(seeded);
  else if (o.sampler === undefined || o.sampler === "auto") sampler = defaultSampler(["minimize"], o.seed);
  else throw new InvalidArgumentError(`--sampler must be auto, tpe, gp, cmaes, qmc, random, nsga2 or nsga3, got ${JSON.stringify(o.sampler)}.`);
  return { sampler: o.seed === undefined ? sampler : reseededPerTrial(sampler, o.seed) };
}
