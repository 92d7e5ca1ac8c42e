/**
 * BruteForceSampler (Optuna 3.1+ semantics): tries every combination of a discrete search space
 * (ints, stepped floats, categoricals; conditional spaces follow from define-by-run order) and
 * stops the study when every combination has been evaluated. Each suggest builds a tree of the
 * other trials that agree with this trial so far and picks a value whose subtree still has
 * unevaluated leaves, weighted half by their share and half uniformly.
 * @module
 */
import { own } from "../core/own.js";
import { toInternal } from "../distributions/ops.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { ContinuousParameterError, InvalidArgumentError } from "../errors.js";
import { Rng } from "../random/rng.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import { isFinished, type TrialState } from "../trial/state.js";
import type { Sampler, SearchSpace } from "./base.js";
import { checkOptionKeys, optionKeys } from "../core/option-keys.js";

/** Options of {@link BruteForceSampler}. */
export interface BruteForceSamplerOptions {
  readonly seed?: number | string;
  /**
   * Count only finished trials as covering a combination, so the study stops only when every
   * combination has finished (default false: running trials count too, which may stop a parallel
   * study before the last running combinations finish, but repeats none).
   */
  readonly avoidPremature?: boolean;
}

function decimals(x: number): number {
  const s = String(x);
  if (s.includes("e")) return 15;
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** The candidate values of a discrete distribution. @throws {ContinuousParameterError} */
export function candidates(name: string, d: Distribution): ParamValue[] {
  if (d.type === "categorical") return [...d.choices];
  if (d.type === "float" && d.step === null) {
    throw new ContinuousParameterError(
      `BruteForceSampler: parameter "${name}" is continuous (FloatDistribution without step), so it has no finite set ` +
        "of values. Give it a `step`, or use another sampler.",
    );
  }
  if (d.type === "int" && d.log) return Array.from({ length: d.high - d.low + 1 }, (_, i) => d.low + i);
  const step = d.step as number;
  const n = Math.round((d.high - d.low) / step) + 1;
  const dec = Math.min(20, Math.max(decimals(d.low), decimals(step)));
  return Array.from({ length: n }, (_, i) => (d.type === "int" ? d.low + i * step : Number((d.low + i * step).toFixed(dec))));
}

/** Index of a value among the candidates, or −1 when off the grid. */
function indexOf(d: Distribution, values: readonly ParamValue[], v: ParamValue): number {
  if (d.type === "categorical") {
    try {
      return toInternal(d, v);
    } catch {
      return -1;
    }
  }
  if (typeof v !== "number") return -1;
  const step = d.type === "int" && d.log ? 1 : (d.step as number);
  const k = Math.round((v - d.low) / step);
  return k >= 0 && k < values.length && Math.abs((values[k] as number) - v) <= 1e-8 * Math.max(1, Math.abs(v)) ? k : -1;
}

interface TreeNode {
  /** The parameter chosen at this node (undefined: a leaf, or not reached yet). */
  name?: string;
  size?: number;
  children: Map<number, TreeNode>;
  /** A trial ended here: finished or still running. */
  leaf?: "done" | "running";
}

/** Unevaluated leaves under a node (a never-visited child counts 1). */
function unexpanded(node: TreeNode, runningCovers: boolean): number {
  if (node.name === undefined) return node.leaf === "done" || (node.leaf === "running" && runningCovers) ? 0 : 1;
  let n = 0;
  for (let i = 0; i < (node.size as number); i++) {
    const c = node.children.get(i);
    n += c === undefined ? 1 : unexpanded(c, runningCovers);
  }
  return n;
}

/** Adds a trial's params (from `from` on, in suggestion order) as a path. */
function addPath(root: TreeNode, t: FrozenTrial, names: readonly string[], done: boolean): void {
  let node = root;
  for (const name of names) {
    const d = own(t.distributions, name) as Distribution;
    const values = candidates(name, d);
    if (node.name !== undefined && node.name !== name) {
      throw new InvalidArgumentError(
        `BruteForceSampler: trial #${t.number} suggests "${name}" where other trials suggest "${node.name}": the objective ` +
          "must suggest the same parameters in the same order for the same earlier values.",
      );
    }
    node.name = name;
    node.size = values.length;
    const k = indexOf(d, values, own(t.params, name) ?? null);
    if (k < 0) return; // an off-grid value (enqueued) ends the path
    let child = node.children.get(k);
    if (child === undefined) {
      child = { children: new Map() };
      node.children.set(k, child);
    }
    node = child;
  }
  if (node.leaf !== "done") node.leaf = done ? "done" : "running";
}

/** Exhaustive search of a discrete space. */
export class BruteForceSampler implements Sampler {
  readonly seed?: string;
  private readonly rng: Rng;
  private readonly avoidPremature: boolean;

  constructor(options: BruteForceSamplerOptions = {}) {
    checkOptionKeys("new BruteForceSampler", options, optionKeys<BruteForceSamplerOptions>({ seed: true, avoidPremature: true }));
    this.rng = new Rng(options.seed);
    if (options.seed !== undefined) this.seed = String(options.seed);
    this.avoidPremature = options.avoidPremature ?? false;
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    const values = candidates(name, distribution);
    const root: TreeNode = { name, size: values.length, children: new Map() };
    const mine = Object.entries(trial.params);
    for (const t of study.getTrials()) {
      if (t.trialId === trial.trialId || t.state === "WAITING") continue;
      if (!mine.every(([k, v]) => Object.hasOwn(t.params, k) && Object.is(own(t.params, k), v))) continue;
      const rest = Object.keys(t.params).filter((k) => !Object.hasOwn(trial.params, k));
      if (rest[0] !== name) continue; // it ended, or branched differently: not under this node
      addPath(root, t, rest, isFinished(t.state));
    }
    const runningCovers = !this.avoidPremature;
    const share = values.map((_, i) => {
      const c = root.children.get(i);
      return c === undefined ? 1 : unexpanded(c, runningCovers);
    });
    const total = share.reduce((a, b) => a + b, 0);
    if (total === 0) return values[this.rng.int(values.length)] as ParamValue;
    const open = share.filter((s) => s > 0).length;
    let w = share.map((s) => 0.5 * (s / total) + (s > 0 ? 0.5 / open : 0));
    const running = values.map((_, i) => root.children.get(i)?.leaf === "running");
    if (w.some((x, i) => x > 0 && !running[i])) w = w.map((x, i) => (running[i] ? 0 : x));
    const sum = w.reduce((a, b) => a + b, 0);
    let u = this.rng.random() * sum;
    for (let i = 0; i < w.length; i++) {
      u -= w[i]!;
      if (u < 0 && w[i]! > 0) return values[i] as ParamValue;
    }
    return values[w.findLastIndex((x) => x > 0)] as ParamValue;
  }

  /** Stops the study when this trial evaluated the last combination. */
  afterTrial(study: StudyView, trial: FrozenTrial, _state: TrialState): void {
    const root: TreeNode = { children: new Map() };
    for (const t of study.getTrials()) {
      if (t.state === "WAITING") continue;
      const done = t.trialId === trial.trialId || isFinished(t.state);
      addPath(root, t.trialId === trial.trialId ? trial : t, Object.keys((t.trialId === trial.trialId ? trial : t).params), done);
    }
    if (root.name !== undefined && unexpanded(root, !this.avoidPremature) === 0) study.stop();
  }
}
