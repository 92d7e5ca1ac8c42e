/**
 * QMCSampler: quasi-Monte Carlo points (scrambled Sobol by default, or Halton) over the search
 * space of the first finished trial, names sorted. Trial number t takes point t of the sequence,
 * so a resumed study continues it and processes sharing a storage never take the same point
 * (trial numbers are unique). Parameters outside that space (and every parameter of trial 0, before
 * any trial finished) take point t of their own one-dimensional scrambled sequence, so they never
 * repeat across trials or processes either; an `independentSampler` given replaces that.
 * @module
 */
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { own, setOwn } from "../../core/own.js";
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { qmcIndependent, qmcUnseeded } from "../../messages.js";
import { warn } from "../../warnings.js";
import type { Sampler, SearchSpace } from "../base.js";
import { UnitCube } from "../unit-cube.js";
import { Halton } from "./halton.js";
import { Sobol } from "./sobol.js";
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";

/** Options of {@link QMCSampler}. */
export interface QMCSamplerOptions {
  /** Seed of the scrambling (and of the independent sampler); omitted, a fresh one. */
  readonly seed?: number | string;
  /** "sobol" (default) or "halton". */
  readonly qmcType?: "sobol" | "halton";
  /** Randomize the sequence (default true). */
  readonly scramble?: boolean;
  /**
   * For parameters outside the space and for trial 0; default: per parameter, its own 1-D
   * sequence (seeded by the seed and the name) at the trial's number.
   */
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
  private readonly independent: Sampler | undefined;
  private readonly oneDim = new Map<string, Sobol | Halton>();
  private readonly warnIndependent: boolean;
  private space: { signature: string; space: SearchSpace; names: string[]; gen: Sobol | Halton } | undefined;
  private readonly warned = new Set<string>();

  /** @throws {InvalidArgumentError} on an unknown `qmcType`. */
  constructor(options: QMCSamplerOptions = {}) {
    checkOptionKeys("new QMCSampler", options, optionKeys<QMCSamplerOptions>({ seed: true, qmcType: true, scramble: true, independentSampler: true, warnIndependentSampling: true }));
    const type = options.qmcType ?? "sobol";
    if (type !== "sobol" && type !== "halton") {
      throw new InvalidArgumentError(`QMCSampler: \`qmcType\` must be "sobol" or "halton", got ${JSON.stringify(type)}.`);
    }
    this.qmcType = type;
    this.scramble = options.scramble ?? true;
    if (options.seed !== undefined) this.seed = String(options.seed);
    else if (this.scramble) warn(qmcUnseeded());
    this.scrambleSeed = new Rng(options.seed).seed;
    this.independent = options.independentSampler;
    this.warnIndependent = options.warnIndependentSampling ?? true;
  }

  /** The sequence's space: the distributions of the lowest-numbered finished trial. */
  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    const first = study.getTrials({ states: ["COMPLETE", "PRUNED"] })[0];
    if (first === undefined) return {};
    const names = Object.keys(first.distributions).sort();
    const space: SearchSpace = {};
    for (const n of names) setOwn(space, n, own(first.distributions, n) as Distribution);
    return space;
  }

  private sequence(dim: number, label: string): Sobol | Halton {
    const rng = this.scramble ? new Rng(`${this.scrambleSeed}/${this.qmcType}${label}`) : undefined;
    return this.qmcType === "sobol" ? new Sobol(dim, rng) : new Halton(dim, rng);
  }

  private generator(space: SearchSpace): { names: string[]; gen: Sobol | Halton } {
    const signature = JSON.stringify(space);
    if (this.space?.signature !== signature) {
      const names = Object.keys(space);
      const gen = this.sequence(names.length, "");
      this.space = { signature, space, names, gen };
    }
    return this.space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    const { names, gen } = this.generator(space);
    const u = gen.point(trial.number);
    study.setTrialSystemAttr(trial.trialId, "qmc:index", trial.number);
    return fromUnit(space, names, u);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (this.warnIndependent && trial.number > 0 && this.space !== undefined && !this.warned.has(name)) {
      this.warned.add(name);
      warn(qmcIndependent(name));
    }
    if (this.independent) return this.independent.sampleIndependent(study, trial, name, distribution);
    let seq = this.oneDim.get(name);
    if (seq === undefined) {
      seq = this.sequence(1, `/independent/${name}`);
      this.oneDim.set(name, seq);
    }
    return own(fromUnit({ [name]: distribution }, [name], seq.point(trial.number)), name) as ParamValue;
  }

  /** Reseeds a given independent sampler only: the sequences stay the ones all processes share. */
  reseedRng(seed?: number | string): void {
    this.independent?.reseedRng?.(seed);
  }
}

/** Parameter values of a point of [0, 1)^names.length: numeric through the unit cube, categoricals ⌊u·C⌋. */
function fromUnit(space: SearchSpace, names: readonly string[], u: readonly number[]): Record<string, ParamValue> {
  const numeric: SearchSpace = {};
  for (const n of names) if (own(space, n)!.type !== "categorical") setOwn(numeric, n, own(space, n)!);
  const out: Record<string, ParamValue> = new UnitCube(numeric).fromCube(names.flatMap((n, i) => (own(space, n)!.type === "categorical" ? [] : [u[i]!])));
  names.forEach((n, i) => {
    const d = own(space, n)!;
    if (d.type === "categorical") setOwn(out, n, d.choices[Math.min(Math.floor(u[i]! * d.choices.length), d.choices.length - 1)] as ParamValue);
  });
  return out;
}
