/**
 * CmaEsSampler: CMA-ES over the numeric parameters of the intersection search space, in the unit
 * cube, with the evolution kept in trial system attributes (see `store.ts`): a trial is tagged
 * with the generation it was asked in, and the first trial to find λ COMPLETE trials of the
 * current generation tells them and stores the next generation on itself. So threads, processes
 * and a resumed study all continue one evolution. Categorical and conditional parameters, and the
 * startup trials, go to the independent sampler.
 * @module
 */
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { own, setOwn } from "../../core/own.js";
import { InvalidArgumentError } from "../../errors.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import { cmaesIndependent, cmaesSeparable1d, cmaesSpaceChanged } from "../../messages.js";
import { type ParzenWarning, warn } from "../../warnings.js";
import type { Sampler, SearchSpace } from "../base.js";
import { IntersectionSearchSpace } from "../search-space.js";
import { TPESampler } from "../tpe/sampler.js";
import { Cma, newRun } from "./cma.js";
import { checkCmaOptions, type CmaEsSamplerOptions } from "./options.js";
import { defaultPopsize } from "./params.js";
import { type Evolution, maybeRestart, type RestartPolicy } from "./restart.js";
import { UnitCube } from "../unit-cube.js";
import { keys, readEvolution, writeEvolution } from "./store.js";
import { warmStart } from "./warm-start.js";

/** Covariance matrix adaptation evolution strategy for continuous, int and stepped parameters. */
export class CmaEsSampler implements Sampler {
  readonly seed?: string;
  private readonly rng: Rng;
  private readonly o: CmaEsSamplerOptions;
  private readonly independent: Sampler;
  private readonly prefix: string;
  private readonly k: ReturnType<typeof keys>;
  private readonly searchSpace = new IntersectionSearchSpace(false);
  /** (restart, generation) of the evolution each trial stored (null: unreadable), parsed once. */
  private readonly stored = new Map<number, { restart: number; generation: number } | null>();
  /** The newest evolution parsed, with its eigen-decomposition cached in `cma`. */
  private newest: { trialId: number; evo: Evolution; cma: Cma } | undefined;
  private readonly warned = new Set<string>();

  /** @throws {InvalidArgumentError} on a bad option or combination (see {@link CmaEsSamplerOptions}). */
  constructor(options: CmaEsSamplerOptions = {}) {
    checkCmaOptions(options);
    this.o = options;
    this.rng = new Rng(options.seed);
    if (options.seed !== undefined) this.seed = String(options.seed);
    this.independent = options.independentSampler ?? new TPESampler({ ...(options.seed !== undefined ? { seed: `${options.seed}/independent` } : {}), multivariate: false, group: false });
    this.prefix = options.useSeparableCma ? "sepcma:" : options.withMargin ? "cmawm:" : "cma:";
    this.k = keys(this.prefix);
  }

  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
    this.independent.reseedRng?.(seed);
  }

  inferRelativeSearchSpace(study: StudyView): SearchSpace {
    if (study.directions.length > 1) {
      throw new InvalidArgumentError("CmaEsSampler optimizes one objective; use NSGA-II or TPE for multi-objective studies.");
    }
    const out: SearchSpace = {};
    for (const [name, d] of Object.entries(this.searchSpace.calculate(study.getTrials({ states: ["COMPLETE"] })))) {
      if (d.type !== "categorical") setOwn<Distribution>(out, name, d);
    }
    return out;
  }

  private warnOnce(key: string, warning: ParzenWarning): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    warn(warning);
  }

  private cube: { signature: string; cube: UnitCube } | undefined;
  private lastSignature: { names: string; dists: Distribution[]; text: string } | undefined;

  /** A stable text of the space (cached while the distributions are the same objects). */
  private signature(space: SearchSpace): string {
    const names = Object.keys(space).join("\u0000");
    const dists = Object.values(space);
    const last = this.lastSignature;
    if (last && last.names === names && last.dists.length === dists.length && last.dists.every((d, i) => d === dists[i])) return last.text;
    const text = this.signatureText(space);
    this.lastSignature = { names, dists, text };
    return text;
  }

  private signatureText(space: SearchSpace): string {
    return JSON.stringify(Object.entries(space).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The newest stored evolution: highest (restart, generation), then highest trial number. */
  private latest(trials: readonly FrozenTrial[]): { evo: Evolution; cma: Cma; trialId: number } | undefined {
    let best: { t: FrozenTrial; restart: number; generation: number; evo?: Evolution } | undefined;
    for (const t of trials) {
      if (typeof t.systemAttrs[this.k.chunks] !== "number") continue;
      let key = this.stored.get(t.trialId);
      let evo: Evolution | undefined;
      if (key === undefined) {
        evo = readEvolution(t, this.prefix);
        key = evo ? { restart: evo.restart, generation: evo.run.generation } : null;
        this.stored.set(t.trialId, key);
      }
      if (key === null) continue;
      if (best === undefined || key.restart > best.restart || (key.restart === best.restart && key.generation >= best.generation)) {
        best = { t, ...key, ...(evo ? { evo } : {}) };
      }
    }
    if (best === undefined) return undefined;
    if (this.newest?.trialId !== best.t.trialId) {
      const evo = best.evo ?? (readEvolution(best.t, this.prefix) as Evolution);
      this.newest = { trialId: best.t.trialId, evo, cma: new Cma(evo.run) };
    }
    return this.newest;
  }

  private firstEvolution(study: StudyView, cube: UnitCube, signature: string): Evolution {
    const n = cube.dim;
    const separable = (this.o.useSeparableCma ?? false) && n >= 2;
    if (this.o.useSeparableCma && n < 2) this.warnOnce("separable", cmaesSeparable1d());
    const lambda = this.o.popsize ?? defaultPopsize(n);
    let mean = cube.coords.map((c) => {
      const v = own(this.o.x0, c.name);
      return v === undefined ? 0.5 : Math.min(Math.max(cube.toCube({ [c.name]: v })[cube.coords.indexOf(c)] ?? 0.5, 0), 1);
    });
    let sigma = this.o.sigma0 ?? 1 / 6;
    let cov: number[] | undefined;
    if (this.o.sourceTrials !== undefined) {
      const ws = warmStart(this.o.sourceTrials, cube, study.directions[0]!);
      ({ mean, sigma, cov } = ws);
    }
    const run = newRun({
      mean,
      sigma: Math.max(sigma, 1e-10),
      lambda,
      separable,
      ...(cov ? { cov } : {}),
      lrAdapt: this.o.lrAdapt ?? false,
      ...(this.o.withMargin ? { steps: cube.steps } : {}),
    });
    return { version: 1, space: signature, restart: 0, popsize0: lambda, nLarge: 0, smallEval: 0, largeEval: 0, poptype: "large", run };
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    if (Object.keys(space).length === 0) return {};
    const all = study.getTrials();
    const complete = all.filter((t) => t.state === "COMPLETE");
    if (complete.length < (this.o.nStartupTrials ?? 1)) return {};
    const signature = this.signature(space);
    if (this.cube?.signature !== signature) this.cube = { signature, cube: new UnitCube(space, this.o.withMargin ?? false) };
    const cube = this.cube.cube;
    const found = this.latest(all);
    let evo: Evolution;
    let cma: Cma;
    if (found === undefined) {
      evo = this.firstEvolution(study, cube, signature);
      cma = new Cma(evo.run);
    } else if (found.evo.space !== signature) {
      this.warnOnce("space", cmaesSpaceChanged());
      return {};
    } else {
      ({ evo, cma } = found);
    }
    const rng = new Rng(`${this.rng.int(2 ** 30)}:${trial.number}`);
    // Tell: the first λ COMPLETE trials of the current generation, in trial order.
    const names = Object.keys(space);
    const { generation, restart } = { generation: evo.run.generation, restart: evo.restart };
    const gen = complete.filter(
      (t) => t.systemAttrs[this.k.generation] === generation && t.systemAttrs[this.k.restart] === restart && names.every((n) => Object.hasOwn(t.params, n)),
    );
    if (gen.length >= evo.run.lambda) {
      const sign = study.directions[0] === "maximize" ? -1 : 1;
      const solutions = gen.slice(0, evo.run.lambda).map((t) => {
        const stored = t.systemAttrs[this.k.xForTell];
        const x = Array.isArray(stored) && stored.length === cube.dim ? (stored as number[]) : cube.toCube(t.params);
        return { x, value: sign * (t.value as number) };
      });
      const next = structuredClone(evo);
      cma = cma.copyTo(next.run);
      evo = next;
      cma.tell(solutions);
      const policy: RestartPolicy = {
        strategy: this.o.restartStrategy,
        incPopsize: this.o.incPopsize ?? 2,
        sigma0: this.o.sigma0 ?? 1 / 6,
        separable: evo.run.separable,
        lrAdapt: this.o.lrAdapt ?? false,
        steps: this.o.withMargin ? cube.steps : [],
      };
      if (maybeRestart(evo, cma, policy, rng)) cma = new Cma(evo.run);
      this.store(study, trial, evo, cma);
    } else if (found === undefined) {
      this.store(study, trial, evo, cma);
    }
    const x = cma.ask(rng);
    study.setTrialSystemAttr(trial.trialId, this.k.generation, evo.run.generation);
    study.setTrialSystemAttr(trial.trialId, this.k.restart, evo.restart);
    if (evo.run.margin) study.setTrialSystemAttr(trial.trialId, this.k.xForTell, x.raw);
    return cube.fromCube(x.eval);
  }

  private store(study: StudyView, trial: FrozenTrial, evo: Evolution, cma: Cma): void {
    writeEvolution(study, trial, this.prefix, evo);
    this.stored.set(trial.trialId, { restart: evo.restart, generation: evo.run.generation });
    this.newest = { trialId: trial.trialId, evo, cma };
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (this.o.warnIndependentSampling ?? true) {
      const nComplete = study.getTrials({ states: ["COMPLETE"] }).length;
      if (nComplete >= Math.max(1, this.o.nStartupTrials ?? 1)) this.warnOnce(`independent:${name}`, cmaesIndependent(name));
    }
    return this.independent.sampleIndependent(study, trial, name, distribution);
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    return this.independent.beforeTrial?.(study, trial);
  }

  afterTrial(...args: Parameters<NonNullable<Sampler["afterTrial"]>>): void | Promise<void> {
    return this.independent.afterTrial?.(...args);
  }
}
