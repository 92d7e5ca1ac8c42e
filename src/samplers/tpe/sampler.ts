/**
 * TPESampler: the Tree-structured Parzen Estimator (reference §1).
 *
 *   trials ─ usable (COMPLETE, PRUNED, + RUNNING under constant liar) ─ split by gamma ─┬─ below → l(x)
 *                                                                                      └─ above → g(x)
 *   nEiCandidates draws from l(x) ─ score log l(x) − log g(x) ─ best candidate
 *
 * Below `nStartupTrials` finished trials every parameter is drawn by a seeded RandomSampler.
 * Multivariate mode samples the joint space of parameters every finished trial holds with one
 * product-kernel mixture; `group` splits a conditional space into groups that always occur
 * together and samples each jointly; the rest goes through the independent (1-D) path.
 * @module
 */
import { toExternal, toInternal } from "../../distributions/ops.js";
import type { Distribution, ParamValue } from "../../distributions/types.js";
import { Rng } from "../../random/rng.js";
import type { StudyView } from "../../core/study-view.js";
import type { FrozenTrial } from "../../trial/frozen.js";
import type { JsonValue } from "../../trial/state.js";
import type { Sampler, SearchSpace } from "../base.js";
import { RandomSampler } from "../random.js";
import { type GammaFunction, type WeightsFunction, uniformWeights } from "./gamma.js";
import { type ResolvedTPEOptions, resolveTPEOptions, type TPESamplerOptions } from "./options.js";
import { type ParamModel, ParzenEstimator, paramModel } from "./parzen-estimator.js";
import { TpeSearchSpace } from "./search-space.js";
import { SortedValues } from "./sorted-values.js";
import { categoricalPValue, MIN_TRIALS_FOR_TEST, RELEVANCE_ALPHA } from "./relevance.js";
import { type Split, splitTrials } from "./split.js";
import { own, setOwn } from "../../core/own.js";
import { hypervolumeWeights } from "./mo-weights.js";

/** The system attribute holding a running trial's relative sample, for other workers' constant liar. */
export const RELATIVE_PARAMS_KEY = "tpe:relative_params";

interface TrialContext {
  readonly key: string;
  readonly split: Split;
  readonly nFinished: number;
  /** Several objectives: the good group's weight per trial number (undefined: uniform). */
  readonly multiObjective: boolean;
  readonly belowWeights: Map<number, number> | undefined;
  /** The sorted-value indexes of the view. */
  readonly index: { log: FrozenTrial[]; sorted: Map<string, SortedValues> };
  /** Per categorical parameter: whether the relevance test lets TPE exploit it (relevance.ts). */
  readonly relevant: Map<string, boolean>;
  /** The single objective's sign (1 minimize, −1 maximize), or 0 with several objectives. */
  readonly sign: number;
}

/**
 * The TPE sampler; see the module doc, docs/tpe.md and {@link TPESamplerOptions}.
 *
 * @example
 * ```ts
 * import { createStudy, TPESampler } from "parzen-hpo";
 *
 * const study = await createStudy({ sampler: new TPESampler({ seed: 42 }) });
 * await study.optimize((trial) => (trial.suggestFloat("x", -10, 10) - 2) ** 2, { nTrials: 100 });
 * ```
 */
export class TPESampler implements Sampler {
  private readonly rng: Rng;
  private readonly random: RandomSampler;
  private readonly opts: ResolvedTPEOptions;
  private readonly spaces = new WeakMap<StudyView, TpeSearchSpace>();
  private readonly groupsOf = new WeakMap<StudyView, SearchSpace[]>();
  private ctx: { view: StudyView; value: TrialContext } | undefined;
  /** Per study view: finished trials in the order this sampler first saw them, and per parameter their sorted values. */
  private readonly indexes = new WeakMap<StudyView, { log: FrozenTrial[]; seen: Set<number>; sorted: Map<string, SortedValues> }>();
  /** The seed the sampler was built with (string form), when it was given one. */
  readonly seed?: string;

  /**
   * @param options every option is optional; parzen's defaults are in `TPE_DEFAULTS`
   * @throws {InvalidArgumentError} naming the first invalid option.
   */
  constructor(options: TPESamplerOptions = {}) {
    this.opts = resolveTPEOptions(options);
    this.rng = new Rng(options.seed);
    if (options.seed !== undefined) this.seed = String(options.seed);
    this.random = new RandomSampler({ seed: `${this.rng.seed}/startup` });
  }

  /** The options in effect (defaults filled in). */
  get options(): Readonly<ResolvedTPEOptions> {
    return this.opts;
  }

  /** The joint space (multivariate), or the union of its groups (group); `{}` in independent mode. */
  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): SearchSpace {
    if (!this.opts.multivariate) return {};
    let sp = this.spaces.get(study);
    if (!sp) {
      sp = new TpeSearchSpace();
      this.spaces.set(study, sp);
    }
    const trials = study.getTrials();
    sp.update(trials);
    if (!this.opts.group) return sp.intersection();
    const groups = sp.groupSpaces();
    this.groupsOf.set(study, groups);
    const out: SearchSpace = {};
    for (const g of groups) Object.assign(out, g);
    return out;
  }

  /** One TPE step per group of `searchSpace`; `{}` during the startup trials. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, ParamValue> {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    const ctx = this.context(study, trial);
    if (ctx.nFinished < this.opts.nStartupTrials) return {};
    const groups = this.opts.group ? (this.groupsOf.get(study) ?? [searchSpace]) : [searchSpace];
    const out: Record<string, ParamValue> = {};
    for (const g of groups) {
      const sub: SearchSpace = {};
      let any = false;
      for (const n in g) {
        const d = own(searchSpace, n);
        if (d !== undefined) {
          setOwn(sub, n, d);
          any = true;
        }
      }
      if (any) for (const [k, v] of Object.entries(this.sampleSpace(ctx, sub, true))) setOwn(out, k, v);
    }
    if (this.opts.constantLiar && Object.keys(out).length > 0) {
      study.setTrialSystemAttr(trial.trialId, RELATIVE_PARAMS_KEY, out as Record<string, JsonValue>);
    }
    return out;
  }

  /** A 1-D TPE step for one parameter (random during the startup trials). */
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    const ctx = this.context(study, trial);
    if (ctx.nFinished < this.opts.nStartupTrials) return this.random.sampleIndependent(study, trial, name, distribution);
    return own(this.sampleSpace(ctx, { [name]: distribution }, false), name) as ParamValue;
  }

  /** Reseeds the TPE generator and the startup RandomSampler (a given seed, or fresh entropy). */
  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
    this.random.reseedRng(`${this.rng.seed}/startup`);
  }

  /** The split of the usable trials for `trial`, cached while the snapshot is unchanged. */
  private context(study: StudyView, trial: FrozenTrial): TrialContext {
    const trials = study.getTrials();
    let nFinished = 0;
    let nRunning = 0;
    for (const t of trials) {
      if (t.state === "COMPLETE" || t.state === "PRUNED") nFinished++;
      else if (t.state === "RUNNING") nRunning++;
    }
    const key = `${trial.trialId}/${trials.length}/${nFinished}/${nRunning}`;
    if (this.ctx && this.ctx.view === study && this.ctx.value.key === key) return this.ctx.value;
    let index = this.indexes.get(study);
    if (index === undefined) {
      index = { log: [], seen: new Set(), sorted: new Map() };
      this.indexes.set(study, index);
    }
    const used: FrozenTrial[] = [];
    for (const t of trials) {
      if (t.state === "COMPLETE" || t.state === "PRUNED") {
        used.push(t);
        if (!index.seen.has(t.trialId)) {
          index.seen.add(t.trialId);
          index.log.push(t);
        }
      } else if (this.opts.constantLiar && t.state === "RUNNING" && t.trialId !== trial.trialId) used.push(t);
    }
    const gamma: GammaFunction = this.opts.gamma ?? (study.directions.length > 1 ? (n) => Math.ceil(0.1 * n) : this.opts.defaultGamma);
    const split = splitTrials(used, study.directions, nFinished === 0 ? 0 : gamma(nFinished));
    const multiObjective = study.directions.length > 1;
    const belowWeights = multiObjective && this.opts.multiObjectiveWeights === "hypervolume" ? hypervolumeWeights(split.below, study.directions) : undefined;
    const sign = multiObjective ? 0 : study.directions[0] === "maximize" ? -1 : 1;
    const value: TrialContext = { key, split, nFinished, multiObjective, belowWeights, index, relevant: new Map(), sign };
    this.ctx = { view: study, value };
    return value;
  }

  /** Per numeric parameter, the observations' sorted order, read off the view's sorted index. */
  private orders(ctx: TrialContext, models: readonly ParamModel[], obs: Observations): (Int32Array | undefined)[] | undefined {
    if (obs.count < 64) return undefined; // small: sorting is as cheap
    return models.map((m, p) => {
      if (m.kind === "categorical") return undefined;
      const key = `${m.name}\u0000${m.kind}${m.log ? "L" : ""}`;
      let sv = ctx.index.sorted.get(key);
      if (sv === undefined) {
        sv = new SortedValues();
        ctx.index.sorted.set(key, sv);
      }
      sv.update(ctx.index.log, (t) => {
        const v = own(t.params, m.name);
        return v === undefined ? undefined : internalOf(m, v);
      });
      return sv.order(obs.values[p] as Float64Array, obs.numbers, obs.count);
    });
  }

  /** One TPE step over `space`: external values for each of its parameters. */
  private sampleSpace(ctx: TrialContext, space: SearchSpace, joint: boolean): Record<string, ParamValue> {
    const names = Object.keys(space);
    const models = names.map((n) => paramModel(n, own(space, n) as Distribution));
    const below = observations(ctx.split.below, models);
    const above = observations(ctx.split.above, models);
    const wBelow: ArrayLike<number> = ctx.belowWeights
      ? Float64Array.from(below.numbers, (n) => ctx.belowWeights?.get(n) ?? 1)
      : checkedWeights(ctx.multiObjective ? uniformWeights : this.opts.weights, below.count);
    const l = new ParzenEstimator(models, below.values, wBelow, this.opts, this.orders(ctx, models, below));
    const g = new ParzenEstimator(models, above.values, checkedWeights(this.opts.weights, above.count), this.opts, this.orders(ctx, models, above));
    const n = this.opts.nEiCandidates;
    const mixed = ctx.multiObjective ? this.opts.multiObjectiveMixedFraction : this.opts.mixedFraction;
    const cand = l.sample(this.rng, n, joint && models.length > 1 ? Math.round(n * mixed) : 0);
    const ll = new Float64Array(n);
    const lg = new Float64Array(n);
    l.logPdf(cand, n, ll);
    g.logPdf(cand, n, lg);
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    const seen = joint && models.every((m) => m.kind !== "continuous") ? seenKeys(below, above, models.length) : undefined;
    let bestFresh = -1;
    let bestFreshScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      let s = (ll[i] as number) - (lg[i] as number);
      if (Number.isNaN(s)) s = Number.NEGATIVE_INFINITY;
      if (s > bestScore || i === 0) {
        bestScore = s;
        best = i;
      }
      if (seen && (bestFresh < 0 || s > bestFreshScore) && !seen.has(keyOf(cand, i))) {
        bestFresh = i;
        bestFreshScore = s;
      }
    }
    if (seen && bestFresh >= 0) best = bestFresh;
    const out: Record<string, ParamValue> = {};
    for (let p = 0; p < models.length; p++) {
      const m = models[p] as ParamModel;
      if (m.kind === "categorical" && !this.isRelevant(ctx, m)) {
        setOwn(out, m.name, (m.distribution as { choices: readonly ParamValue[] }).choices[this.rng.int(m.nChoices)] as ParamValue);
      } else setOwn(out, m.name, toExternal(m.distribution, (cand[p] as Float64Array)[best] as number));
    }
    return out;
  }

  /**
   * Whether a categorical shows an effect on the objective (relevance.ts); until it does, TPE
   * samples it uniformly instead of letting its choices drift. Always true with several
   * objectives or with the test switched off.
   */
  private isRelevant(ctx: TrialContext, m: ParamModel): boolean {
    if (ctx.sign === 0 || !this.opts.categoricalRelevanceTest) return true;
    const cached = ctx.relevant.get(m.name);
    if (cached !== undefined) return cached;
    const losses: number[] = [];
    const choices: number[] = [];
    for (const t of ctx.index.log.slice().sort((a, b) => a.number - b.number)) {
      if (t.state !== "COMPLETE" || t.values === undefined) continue;
      const v = own(t.params, m.name);
      if (v === undefined) continue;
      const c = internalOf(m, v);
      const y = (t.values[0] as number) * ctx.sign;
      if (c === undefined || Number.isNaN(y)) continue;
      losses.push(y);
      choices.push(c);
    }
    const p =
      losses.length < MIN_TRIALS_FOR_TEST ? 0 : categoricalPValue(losses, choices, m.nChoices, new Rng(`${this.rng.seed}/relevance/${ctx.nFinished}/${m.name}`));
    const relevant = p < RELEVANCE_ALPHA;
    ctx.relevant.set(m.name, relevant);
    return relevant;
  }
}

interface Observations {
  /** Per parameter, `count` internal values. */
  readonly values: Float64Array[];
  /** The trial number of each observation (ascending). */
  readonly numbers: Int32Array;
  readonly count: number;
}

/**
 * Per finished trial, its internal values for a parameter list (or null when it lacks one).
 * Finished FrozenTrials are immutable, so a row computed once stays exact; keyed by the object,
 * it is dropped with it. RUNNING trials change and are read afresh.
 */
const rowCache = new WeakMap<FrozenTrial, Map<string, Float64Array | null>>();

function rowOf(t: FrozenTrial, models: readonly ParamModel[]): Float64Array | null {
  const rel = t.state === "RUNNING" ? (own(t.systemAttrs, RELATIVE_PARAMS_KEY) as Record<string, ParamValue> | undefined) : undefined;
  const row = new Float64Array(models.length);
  for (let p = 0; p < models.length; p++) {
    const m = models[p] as ParamModel;
    let v: ParamValue | undefined = own(t.params, m.name);
    if (v === undefined && rel !== undefined) v = own(rel, m.name);
    if (v === undefined) return null;
    const x = internalOf(m, v);
    if (x === undefined) return null;
    row[p] = x;
  }
  return row;
}

/** The internal values of the trials that hold every parameter of `models`, in trial order. */
function observations(trials: readonly FrozenTrial[], models: readonly ParamModel[]): Observations {
  const P = models.length;
  // Internal values depend only on the names and kinds (categorical choices cannot change).
  let key = "";
  for (const m of models) key += `${m.name}\u0000${m.kind}${m.log ? "L" : ""}\u0001`;
  const values = models.map(() => new Float64Array(trials.length));
  const numbers = new Int32Array(trials.length);
  let k = 0;
  for (const t of trials) {
    let row: Float64Array | null | undefined;
    if (t.state === "RUNNING") row = rowOf(t, models);
    else {
      let m = rowCache.get(t);
      if (m === undefined) {
        m = new Map();
        rowCache.set(t, m);
      }
      row = m.get(key);
      if (row === undefined) {
        row = rowOf(t, models);
        m.set(key, row);
      }
    }
    if (row === null) continue;
    for (let p = 0; p < P; p++) (values[p] as Float64Array)[k] = row[p] as number;
    numbers[k] = t.number;
    k++;
  }
  return { values: values.map((v) => v.subarray(0, k)), numbers: numbers.subarray(0, k), count: k };
}

function internalOf(m: ParamModel, v: ParamValue): number | undefined {
  if (m.kind === "categorical") {
    try {
      return toInternal(m.distribution, v);
    } catch {
      return undefined;
    }
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
  if (m.log && v <= 0) return undefined;
  return v;
}

function checkedWeights(fn: WeightsFunction, k: number): ArrayLike<number> {
  const w = fn(k);
  return w.length === k ? w : Array.from(w).slice(0, k);
}

function keyOf(cols: readonly ArrayLike<number>[], i: number): string {
  let s = "";
  for (const c of cols) s += `${c[i] as number},`;
  return s;
}

function seenKeys(a: Observations, b: Observations, P: number): Set<string> {
  const s = new Set<string>();
  for (const o of [a, b]) for (let i = 0; i < o.count; i++) s.add(keyOf(o.values, i));
  void P;
  return s;
}
