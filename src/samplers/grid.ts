/**
 * GridSampler (Optuna 4.x semantics): the Cartesian product of the given values (names sorted,
 * last name fastest), shuffled once with a fixed seed; trial number t < N takes grid point t;
 * later trials take a random unvisited point; when every point has run, optimize stops.
 * @module
 */
import { sameValue } from "../core/equality.js";
import type { Distribution, ParamValue } from "../distributions/types.js";
import { InvalidArgumentError } from "../errors.js";
import { Rng } from "../random/rng.js";
import type { StudyView } from "../core/study-view.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { JsonValue, TrialState } from "../trial/state.js";
import { isFinished } from "../trial/state.js";
import { warn } from "../warnings.js";
import * as messages from "../messages.js";
import type { Sampler, SearchSpace } from "./base.js";
import { checkOptionKeys } from "../core/option-keys.js";


/** Runs every point of a grid once. */
export class GridSampler implements Sampler {
  private readonly names: string[];
  private readonly grid: ParamValue[][];
  private readonly searchSpace: Record<string, readonly ParamValue[]>;
  private readonly rng: Rng;
  readonly seed: string;
  private readonly spaceJson: string;

  /** @throws {InvalidArgumentError} when a list is empty or holds an unsupported value. */
  constructor(searchSpace: Record<string, readonly ParamValue[]>, options: { seed?: number | string } = {}) {
    checkOptionKeys("new GridSampler", options, ["seed"]);
    if (typeof searchSpace !== "object" || searchSpace === null) {
      throw new InvalidArgumentError("GridSampler takes an object of parameter name → array of values.");
    }
    this.names = Object.keys(searchSpace).sort();
    for (const n of this.names) {
      const vals = searchSpace[n];
      if (!Array.isArray(vals) || vals.length === 0) {
        throw new InvalidArgumentError(`GridSampler: the values of "${n}" must be a non-empty array.`);
      }
      for (const v of vals) {
        if (!(v === null || ["string", "number", "boolean"].includes(typeof v))) {
          throw new InvalidArgumentError(`GridSampler: value ${String(v)} of "${n}" must be a string, number, boolean or null.`);
        }
      }
    }
    this.searchSpace = Object.fromEntries(this.names.map((n) => [n, [...(searchSpace[n] as ParamValue[])]]));
    this.spaceJson = JSON.stringify(this.searchSpace);
    let grid: ParamValue[][] = [[]];
    for (const n of this.names) {
      const next: ParamValue[][] = [];
      for (const prefix of grid) for (const v of searchSpace[n] as ParamValue[]) next.push([...prefix, v]);
      grid = next;
    }
    this.seed = String(options.seed ?? 0);
    this.rng = new Rng(this.seed);
    this.grid = new Rng(options.seed ?? 0).shuffle(grid);
  }

  /** Number of grid points. */
  get size(): number {
    return this.grid.length;
  }

  inferRelativeSearchSpace(): SearchSpace {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  private ownTrials(study: StudyView): FrozenTrial[] {
    return study
      .getTrials()
      .filter((t) => typeof t.systemAttrs.grid_id === "number" && JSON.stringify(t.systemAttrs.search_space) === this.spaceJson);
  }

  private pointOf(params: Readonly<Record<string, unknown>>): number {
    return this.grid.findIndex((p) => this.names.every((n, i) => Object.hasOwn(params, n) && sameValue(p[i], params[n])));
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    if (typeof trial.systemAttrs.grid_id === "number") return; // retried trial keeps its point
    const fixed = trial.systemAttrs.fixed_params as Record<string, JsonValue> | undefined;
    let id: number;
    if (fixed !== undefined) {
      const missing = this.names.filter((n) => !Object.hasOwn(fixed, n));
      if (missing.length > 0) {
        throw new InvalidArgumentError(
          `With GridSampler, enqueueTrial must give every grid parameter; missing: ${missing.join(", ")}.`,
        );
      }
      id = this.pointOf(fixed);
      if (id < 0) return; // an off-grid point: run it, but it marks no grid point visited
    } else if (trial.number < this.grid.length && !this.ownTrials(study).some((t) => t.systemAttrs.grid_id === trial.number)) {
      id = trial.number;
    } else {
      id = this.pickUnvisited(study);
    }
    study.setTrialSystemAttr(trial.trialId, "search_space", this.searchSpace as unknown as JsonValue);
    study.setTrialSystemAttr(trial.trialId, "grid_id", id);
    // This trial took the last free point: start no further trial (they could only repeat one).
    if (this.allCovered(study)) study.stop();
  }

  /** Whether every point is finished or being evaluated. */
  private allCovered(study: StudyView): boolean {
    const covered = new Set<number>();
    for (const t of this.ownTrials(study)) if (t.state !== "WAITING") covered.add(t.systemAttrs.grid_id as number);
    return covered.size >= this.grid.length;
  }

  private pickUnvisited(study: StudyView): number {
    const finished = new Set<number>();
    const running = new Set<number>();
    for (const t of this.ownTrials(study)) {
      const id = t.systemAttrs.grid_id as number;
      if (isFinished(t.state)) finished.add(id);
      else running.add(id);
    }
    let candidates = this.grid.map((_, i) => i).filter((i) => !finished.has(i) && !running.has(i));
    if (candidates.length === 0) candidates = this.grid.map((_, i) => i).filter((i) => !finished.has(i));
    if (candidates.length === 0) {
      warn(messages.gridExhausted());
      candidates = this.grid.map((_, i) => i);
    }
    return this.rng.choice(candidates);
  }

  reseedRng(seed?: number | string): void {
    this.rng.reseed(seed);
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    const idx = this.names.indexOf(name);
    if (idx < 0) {
      throw new InvalidArgumentError(
        `Parameter "${name}" is not in the GridSampler's search space (${this.names.join(", ")}): add it to the grid.`,
      );
    }
    const id = trial.systemAttrs.grid_id;
    if (typeof id !== "number") {
      throw new InvalidArgumentError(`Trial #${trial.number} has no grid point: GridSampler must see the trial's beforeTrial.`);
    }
    const v = (this.grid[id] as ParamValue[])[idx] as ParamValue;
    if (distribution.type === "categorical" ? !distribution.choices.includes(v) : typeof v !== "number" || v < distribution.low || v > distribution.high) {
      warn(messages.gridOutOfRange(name, v));
    }
    return v;
  }

  afterTrial(study: StudyView, trial: FrozenTrial, _state: TrialState): void {
    // Stop once every point is finished or being evaluated: a new trial could only repeat one.
    if (this.allCovered(study) || this.isExhausted(study, trial.trialId)) study.stop();
  }

  /** Whether every grid point has a finished trial (`except` counts as finished). */
  isExhausted(study: StudyView, except?: number): boolean {
    const done = new Set<number>();
    for (const t of this.ownTrials(study)) {
      if (isFinished(t.state) || t.trialId === except) done.add(t.systemAttrs.grid_id as number);
    }
    return done.size >= this.grid.length;
  }
}
