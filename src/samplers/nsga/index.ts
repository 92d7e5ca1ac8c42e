/**
 * NSGAIISampler and NSGAIIISampler (docs/multi-objective.md), and their crossovers.
 * @module
 */
import { InvalidArgumentError } from "../../errors.js";
import { nsga2Elite, nsga3Elite, dasDennisPoints } from "./elite.js";
import { GASampler, type GASamplerOptions } from "./ga-sampler.js";
import { checkOptionKeys, optionKeys } from "../../core/option-keys.js";

export {
  BLXAlphaCrossover,
  type Crossover,
  type CrossoverContext,
  SBXCrossover,
  SPXCrossover,
  UNDXCrossover,
  UniformCrossover,
  VSBXCrossover,
} from "./crossovers.js";
export type { GASamplerOptions } from "./ga-sampler.js";
export { dasDennisPoints } from "./elite.js";

const GA_KEYS = optionKeys<GASamplerOptions>({
  seed: true,
  populationSize: true,
  mutationProb: true,
  crossover: true,
  crossoverProb: true,
  swappingProb: true,
});

/**
 * NSGA-II (Deb et al. 2002): elitist non-dominated sorting with crowding distance, constrained
 * domination (Deb 2000) when trials carry constraints.
 *
 * @example
 * ```ts
 * const study = await createStudy({ directions: ["minimize", "minimize"], sampler: new NSGAIISampler({ seed: 1, crossover: new SBXCrossover() }) });
 * ```
 */
export class NSGAIISampler extends GASampler {
  constructor(options: GASamplerOptions = {}) {
    checkOptionKeys("new NSGAIISampler", options, GA_KEYS);
    super("NSGAIISampler", options);
  }
  protected selectElite(points: readonly number[][], violations: Float64Array, size: number): number[] {
    return nsga2Elite(points, violations, size);
  }
}

/** Options of {@link NSGAIIISampler}. */
export interface NSGAIIISamplerOptions extends GASamplerOptions {
  /** Reference points (one column per objective). Default: Das–Dennis with `dividingParameter`. */
  referencePoints?: readonly (readonly number[])[];
  /** Divisions of the Das–Dennis simplex. Default 3. */
  dividingParameter?: number;
}

/**
 * NSGA-III (Deb & Jain 2014): the front that does not fit is cut by niching on reference points
 * (Das–Dennis by default), for 3 or more objectives.
 */
export class NSGAIIISampler extends GASampler {
  readonly dividingParameter: number;
  private readonly userReference: readonly (readonly number[])[] | undefined;
  constructor(options: NSGAIIISamplerOptions = {}) {
    checkOptionKeys("new NSGAIIISampler", options, [...GA_KEYS, "referencePoints", "dividingParameter"]);
    super("NSGAIIISampler", options);
    this.dividingParameter = options.dividingParameter ?? 3;
    if (!Number.isSafeInteger(this.dividingParameter) || this.dividingParameter < 1) {
      throw new InvalidArgumentError(`NSGAIIISampler: \`dividingParameter\` must be a positive integer, got ${String(options.dividingParameter)}.`);
    }
    this.userReference = options.referencePoints;
  }
  protected selectElite(points: readonly number[][], violations: Float64Array, size: number, generation: number): number[] {
    const m = (points[0] as number[] | undefined)?.length ?? 1;
    const refs = this.userReference ?? dasDennisPoints(m, this.dividingParameter);
    if (refs.some((r) => r.length !== m)) {
      throw new InvalidArgumentError(`NSGAIIISampler: every reference point must have ${m} values (one per objective).`);
    }
    // Seeded by generation, so every process derives the same parents.
    return nsga3Elite(points, violations, size, refs, this.rng.fork(`nsga3/${generation}`));
  }
}
