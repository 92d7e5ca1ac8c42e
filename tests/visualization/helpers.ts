/**
 * Small hand-built studies for the visualization tests, and a seeded mixed study.
 * @module
 */
import {
  CategoricalDistribution,
  createStudy,
  createTrial,
  type CreateTrialOptions,
  FloatDistribution,
  IntDistribution,
  NopPruner,
  RandomSampler,
  type Study,
  type StudyDirection,
  TrialPruned,
} from "../../src/index.js";

export const BASE = Date.UTC(2026, 0, 1, 12, 0, 0);
const X = new FloatDistribution(0, 10);
const C = new CategoricalDistribution(["a", "b"]);

/** Trial n started at BASE + n s and ran 0.5 s. */
function at(n: number, o: CreateTrialOptions): CreateTrialOptions {
  const done = o.state !== "RUNNING" && o.state !== "WAITING";
  return { ...o, datetimeStart: new Date(BASE + n * 1000), ...(done ? { datetimeComplete: new Date(BASE + n * 1000 + 500) } : {}) };
}

export async function studyWith(trials: CreateTrialOptions[], directions: StudyDirection[] = ["minimize"], name = "hand-built"): Promise<Study> {
  const study = await createStudy({ studyName: name, directions });
  for (const [i, t] of trials.entries()) await study.addTrial(createTrial(at(i, t)));
  return study;
}

/**
 * #0 COMPLETE x=1 c=a 5 · #1 COMPLETE x=2 c=b 3 · #2 FAIL · #3 PRUNED x=4 c=a (steps 9, 8) ·
 * #4 COMPLETE x=5 c=b 4 (steps 6, 4).
 */
export function smallStudy(direction: StudyDirection = "minimize"): Promise<Study> {
  const d = { x: X, c: C };
  return studyWith(
    [
      { params: { x: 1, c: "a" }, distributions: d, value: 5 },
      { params: { x: 2, c: "b" }, distributions: d, value: 3 },
      { state: "FAIL", params: { x: 3, c: "a" }, distributions: d },
      { state: "PRUNED", params: { x: 4, c: "a" }, distributions: d, intermediateValues: { 0: 9, 1: 8 } },
      { params: { x: 5, c: "b" }, distributions: d, value: 4, intermediateValues: { 0: 6, 1: 4 } },
    ],
    [direction],
  );
}

/** Two objectives (minimize both): #0 [1,4] #1 [2,2] #2 [3,3] dominated #3 [4,1] #4 [0,0] infeasible. */
export function paretoStudy(): Promise<Study> {
  const d = { x: X };
  return studyWith(
    [
      { params: { x: 1 }, distributions: d, values: [1, 4] },
      { params: { x: 2 }, distributions: d, values: [2, 2] },
      { params: { x: 3 }, distributions: d, values: [3, 3] },
      { params: { x: 4 }, distributions: d, values: [4, 1] },
      { params: { x: 5 }, distributions: d, values: [0, 0], systemAttrs: { constraints: [1] } },
    ],
    ["minimize", "minimize"],
    "pareto",
  );
}

/** A RandomSampler study of a mixed float / log / int / categorical function with learning curves. */
export async function mixedStudy(nTrials: number, seed = 1, name = "mixed"): Promise<Study> {
  const study = await createStudy({ studyName: name, sampler: new RandomSampler({ seed }), pruner: new NopPruner() });
  await study.optimize(
    (trial) => {
      const x = trial.suggestFloat("x", -10, 10);
      const lr = trial.suggestFloat("learning_rate", 1e-5, 1e-1, { log: true });
      const layers = trial.suggestInt("n_layers", 1, 8);
      const opt = trial.suggestCategorical("optimizer", ["sgd", "adam", "rmsprop"]);
      const v = (x - 2) ** 2 / 10 + Math.abs(Math.log10(lr) + 3) + (opt === "adam" ? 0 : opt === "sgd" ? 1.5 : 0.7) + 0.2 * layers;
      for (let s = 0; s < 5; s++) trial.report(v + 5 / (s + 1), s);
      if (trial.number % 13 === 5) throw new TrialPruned();
      return v;
    },
    { nTrials },
  );
  return study;
}

export { C, IntDistribution, X };
