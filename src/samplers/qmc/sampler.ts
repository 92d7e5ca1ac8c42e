/**
 * QMCSampler: quasi-Monte Carlo points (scrambled Sobol by default, or Halton) over the search
 * space of the first finished trial, names sorted. Trial number t takes point t of the sequence,
 * so a resumed study continues it and processes sharing a storage never take the same point
 * (trial numbers are unique). Parameters outside that space go to the independent sampler.
 * @module
 */
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { qmcIndependent, qmcUnseeded } from "../../messages.js";
import { warn } from "../../warnings.js";
import type { Sampler, SearchSpace } from "../base.js";
import { UnitCube } from "../unit-cube.js";
import { RandomSampler } from "../random.js";
import { Halton } from "./halton.js";
import { Sobol } from "./sobol.js";

/** Options of {@link QMCSampler}. */
export interface QMCSamplerOptions {
  /** Seed of the scrambling (and of the independent sampler); omitted, a fresh one. */
  readonly seed?: number | string;
  /** "sobol" (default) or "halton". */
  readonly qmcType?: "sobol" | "halton";
  /** Randomize the sequence (default true). */
  readonly scramble?: boolean;
  /** For parameters outside the space and for trial 0; default RandomSampler with the seed. */
  readonly independentSampler?: Sampler;
  /** Warn when a parameter goes to the independent sampler (default true). */
  readonly warnIndependentSampling?: boolean;
}

/** Space-filling low-discrepancy sampling. */
export class QMCSampler implements Sampler {
  readonly seed?: string;
  readonly qmcType: "sobol" | "halton";
  readonly scramble: boolean;
  private readonly scrambleSeed: string;
  private readonly independent: Sampler;
  private readonly warnIndependent: boolean;
  private space: { signature: string; space: SearchSpace; names: string[]; gen: Sobol | Halton } | undefined;
  private readonly warned = new Set<string>();

  /** @throws {InvalidArgumentError} on an unknown `qmcType`. */
  constructor(options: QMCSamplerOptions = {}) {
    const type = options.qmcType ?? "sobol";
    if (type !== "sobol" && type !== "halton") {
      throw new InvalidArgumentError(`QMCSampler: \`qmcType\` must be "sobol" or "halton", got ${JSON.stringify(type)}.`);
    }
    this.qmcType = type;
    this.scramble = options.scramble ?? true;
    if (options.seed !== undefined) this.seed = String(options.seed);
    else if (this.scramble) warn(qmcUnseeded());
    this.scrambleSeed = new Rng(options.seed).seed;
    this.independent = options.independentSampler ?? new RandomSampler({ seed: `${this.scrambleSeed}/independent` });
    this.warnIndependent = options.warnIndependentSampling ?? true;
  }

  /** The sequence's space: the distributions of the lowest-numbered finished trial. */
  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    const first = study.getTrials({ states: ["COMPLETE", "PRUNED"] })[0];
    if (first === undefined) return {};
    const names = Object.keys(first.distributions).sort();
    const space: SearchSpace = {};
    for (const n of names) space[n] = first.distributions[n] as Distribution;
    return space;
  }

  private generator(space: SearchSpace): { names: string[]; gen: Sobol | Halton } {
    const signature = JSON.stringify(space);
    if (this.space?.signature !== signature) {
      const names = Object.keys(space);
      const rng = this.scramble ? new Rng(`${this.scrambleSeed}/${this.qmcType}`) : undefined;
      const gen = this.qmcType === "sobol" ? new Sobol(names.length, rng) : new Halton(names.length, rng);
      this.space = { signature, space, names, gen };
    }
    return this.space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const { names, gen } = this.generator(space);
    const u = gen.point(trial.number);
    study.setTrialSystemAttr(trial.trialId, "qmc:index", trial.number);
    const numeric: SearchSpace = {};
    for (const n of names) if (space[n]!.type !== "categorical") numeric[n] = space[n]!;
    const cube = new UnitCube(numeric);
    const out: Record<string, ParamValue> = cube.fromCube(names.flatMap((n, i) => (space[n]!.type === "categorical" ? [] : [u[i]!])));
    names.forEach((n, i) => {
      const d = space[n]!;
      if (d.type === "categorical") out[n] = d.choices[Math.min(Math.floor(u[i]! * d.choices.length), d.choices.length - 1)] as ParamValue;
    });
    return out;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (this.warnIndependent && trial.number > 0 && this.space !== undefined && !this.warned.has(name)) {
      this.warned.add(name);
      warn(qmcIndependent(name));
    }
    return this.independent.sampleIndependent(study, trial, name, distribution);
  }

  /** Reseeds the independent sampler only: the sequence stays the one all processes share. */
  reseedRng(seed?: number | string): void {
    this.independent.reseedRng?.(seed);
  }
}
