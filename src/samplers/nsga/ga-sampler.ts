/**
 * The genetic-algorithm sampler NSGA-II and NSGA-III share (Optuna's `BaseGASampler` scheme).
 *
 * Generations live in the trials' system attributes, so several processes on one storage share
 * one population: each new trial joins the newest generation among COMPLETE trials while fewer
 * than `populationSize` COMPLETE trials hold it, else opens the next (key
 * `<SamplerName>:generation`, Optuna's). Generation 0 is random. The parents of generation g are
 * the elite (constrained non-domination, then the subclass's cut) of generation g − 1's
 * population plus its parents; every process derives them from the same trials, and caches them.
 *
 * A child: binary tournaments (constrained domination) pick the crossover's parents; with
 * probability `crossoverProb` the numeric parameters are crossed (redrawing parents while a child
 * leaves the bounds, clipping after 100 tries) and categorical ones taken from the first or last
 * parent by `swappingProb`, else a parent is copied; then each parameter is dropped with
 * probability `mutationProb` (default 1/#params) and drawn at random instead.
 * @module
 */
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { own, setOwn } from "../../core/own.js";
import { InvalidArgumentError } from "../../errors.js";
import { constrainedDominates } from "../../multi-objective/sorting.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import { totalViolation } from "../../core/constraints.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { Sampler, SearchSpace } from "../base.js";
import { RandomSampler } from "../random.js";
import { IntersectionSearchSpace } from "../search-space.js";
import { type Crossover, UniformCrossover } from "./crossovers.js";
import { bounds, fromCoordinate, toCoordinate } from "./transform.js";

/** Options shared by NSGAIISampler and NSGAIIISampler. */
export interface GASamplerOptions {
  seed?: number | string;
  /** Trials per generation (≥ 2 and ≥ the crossover's parents). Default 50. */
  populationSize?: number;
  /** Probability of redrawing each parameter at random. Default 1 / #params. */
  mutationProb?: number;
  /** Default: `new UniformCrossover(swappingProb)`. */
  crossover?: Crossover;
  /** Probability of crossing parents (else copying one). Default 0.9. */
  crossoverProb?: number;
  /** Probability of taking a categorical value from the last parent. Default 0.5. */
  swappingProb?: number;
}

interface Member {
  readonly t: FrozenTrial;
  readonly point: number[];
  readonly violation: number;
}

function prob(who: string, name: string, v: unknown): void {
  if (v !== undefined && !(typeof v === "number" && v >= 0 && v <= 1)) {
    throw new InvalidArgumentError(`${who}: \`${name}\` must be a probability in [0, 1], got ${String(v)}.`);
  }
}

/** The shared machinery; subclasses choose the elite. */
export abstract class GASampler implements Sampler {
  protected readonly rng: Rng;
  private readonly random: RandomSampler;
  private readonly space = new WeakMap<StudyView, IntersectionSearchSpace>();
  private readonly parentCache = new WeakMap<StudyView, Map<number, FrozenTrial[]>>();
  readonly populationSize: number;
  readonly mutationProb: number | undefined;
  readonly crossover: Crossover;
  readonly crossoverProb: number;
  readonly swappingProb: number;
  readonly seed?: string;
  /** The system-attribute key of a trial's generation. */
  readonly generationKey: string;

  constructor(protected readonly samplerName: string, options: GASamplerOptions) {
    const o = options ?? {};
    this.populationSize = o.populationSize ?? 50;
    this.swappingProb = o.swappingProb ?? 0.5;
    this.crossoverProb = o.crossoverProb ?? 0.9;
    prob(samplerName, "mutationProb", o.mutationProb);
    prob(samplerName, "crossoverProb", o.crossoverProb);
    prob(samplerName, "swappingProb", o.swappingProb);
    this.mutationProb = o.mutationProb;
    this.crossover = o.crossover ?? new UniformCrossover(this.swappingProb);
    if (typeof this.crossover?.crossover !== "function" || !Number.isInteger(this.crossover.nParents)) {
      throw new InvalidArgumentError(`${samplerName}: \`crossover\` must be a Crossover (nParents and crossover()), e.g. new SBXCrossover().`);
    }
    if (!Number.isSafeInteger(this.populationSize) || this.populationSize < 2 || this.populationSize < this.crossover.nParents) {
      throw new InvalidArgumentError(
        `${samplerName}: \`populationSize\` must be an integer >= 2 and >= the crossover's ${this.crossover.nParents} parents, got ${String(o.populationSize)}.`,
      );
    }
    this.rng = new Rng(o.seed);
    if (o.seed !== undefined) this.seed = String(o.seed);
    this.random = new RandomSampler({ seed: `${this.rng.seed}/random` });
    this.generationKey = `${samplerName}:generation`;
  }

  /** The survivors among `members` (at most `size`), as indices. */
  protected abstract selectElite(points: readonly number[][], violations: Float64Array, size: number, generation: number): number[];

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): SearchSpace {
    let s = this.space.get(study);
    if (!s) this.space.set(study, (s = new IntersectionSearchSpace(false)));
    return s.calculate(study.getTrials());
  }

  /** Fixes the trial's generation (a system attribute) when it starts. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    if (typeof trial.systemAttrs[this.generationKey] === "number") return; // a retried trial keeps its generation
    study.setTrialSystemAttr(trial.trialId, this.generationKey, this.generationFor(study));
  }

  private generationOf(t: FrozenTrial): number {
    const g = t.systemAttrs[this.generationKey];
    return typeof g === "number" ? g : -1;
  }

  private generationFor(study: StudyView): number {
    let gMax = -1;
    let n = 0;
    for (const t of study.getTrials({ states: ["COMPLETE"] })) {
      const g = this.generationOf(t);
      if (g > gMax) {
        gMax = g;
        n = 1;
      } else if (g === gMax) n++;
    }
    if (gMax < 0) return 0;
    return n < this.populationSize ? gMax : gMax + 1;
  }

  private member(study: StudyView, t: FrozenTrial): Member {
    const signs = study.directions.map((d) => (d === "maximize" ? -1 : 1));
    return { t, point: (t.values as readonly number[]).map((v, i) => v * (signs[i] as number)), violation: totalViolation(t.constraints) };
  }

  /** The parents of generation `g` (empty for 0), derived from the trials and cached. */
  parents(study: StudyView, g: number): FrozenTrial[] {
    if (g <= 0) return [];
    let cache = this.parentCache.get(study);
    if (!cache) this.parentCache.set(study, (cache = new Map()));
    const hit = cache.get(g);
    if (hit) return hit;
    const prev = this.parents(study, g - 1);
    const seen = new Set(prev.map((t) => t.trialId));
    const pool = [...prev];
    for (const t of study.getTrials({ states: ["COMPLETE"] })) {
      if (this.generationOf(t) === g - 1 && !seen.has(t.trialId)) pool.push(t);
    }
    const members = pool.map((t) => this.member(study, t));
    const viol = Float64Array.from(members, (m) => m.violation);
    const elite = this.selectElite(members.map((m) => m.point), viol, this.populationSize, g).map((i) => (members[i] as Member).t);
    // Only cache once generation g − 1 is full: a population still filling may change the elite.
    if (pool.length - prev.length >= this.populationSize) cache.set(g, elite);
    return elite;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue> {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    const g = this.generationOf(trial);
    const parents = g > 0 ? this.parents(study, g).filter((t) => names.every((n) => own(t.params, n) !== undefined)) : [];
    if (parents.length < this.crossover.nParents) return {};
    const members = parents.map((t) => this.member(study, t));
    const numeric = names.filter((n) => (own(searchSpace, n) as Distribution).type !== "categorical");
    const lower = new Float64Array(numeric.length);
    const upper = new Float64Array(numeric.length);
    numeric.forEach((n, i) => {
      [lower[i], upper[i]] = bounds(own(searchSpace, n) as Distribution);
    });
    const out: Record<string, ParamValue> = {};
    if (this.rng.random() < this.crossoverProb) {
      let chosen = this.tournament(members, this.crossover.nParents);
      let child: Float64Array | undefined;
      for (let attempt = 0; attempt < 100; attempt++) {
        const vecs = chosen.map((m) => Float64Array.from(numeric, (n) => toCoordinate(own(searchSpace, n) as Distribution, own(m.t.params, n) as ParamValue)));
        const c = numeric.length ? this.crossover.crossover(vecs, this.rng, { lower, upper, nObjectives: study.directions.length }) : new Float64Array(0);
        if (c.every((v, i) => v >= (lower[i] as number) && v <= (upper[i] as number))) {
          child = c;
          break;
        }
        child = c.map((v, i) => Math.min(Math.max(v, lower[i] as number), upper[i] as number));
        chosen = this.tournament(members, this.crossover.nParents);
      }
      numeric.forEach((n, i) => {
        setOwn(out, n, fromCoordinate(own(searchSpace, n) as Distribution, (child as Float64Array)[i] as number));
      });
      const first = chosen[0] as Member;
      const last = chosen[chosen.length - 1] as Member;
      for (const n of names) {
        if ((own(searchSpace, n) as Distribution).type === "categorical") setOwn(out, n, own((this.rng.random() >= this.swappingProb ? last : first).t.params, n) as ParamValue);
      }
    } else {
      const p = this.rng.choice(members);
      for (const n of names) setOwn(out, n, own(p.t.params, n) as ParamValue);
    }
    const pm = this.mutationProb ?? 1 / Math.max(1, names.length);
    for (const n of names) if (this.rng.random() < pm) delete out[n];
    return out;
  }

  /** `k` distinct parents by binary tournaments (constrained domination; else the second draw). */
  private tournament(members: readonly Member[], k: number): Member[] {
    const left = [...members];
    const out: Member[] = [];
    for (let j = 0; j < k; j++) {
      const a = left[this.rng.int(left.length)] as Member;
      const b = left[this.rng.int(left.length)] as Member;
      const w = constrainedDominates(a.point, a.violation, b.point, b.violation) ? a : b;
      out.push(w);
      left.splice(left.indexOf(w), 1);
    }
    return out;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    return this.random.sampleIndependent(study, trial, name, distribution);
  }

  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
    this.random.reseedRng(`${this.rng.seed}/random`);
  }
}
