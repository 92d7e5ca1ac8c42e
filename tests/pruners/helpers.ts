/** Builders for hand-made studies in the pruner tests (not a test file). */
import {
  createStudy,
  createTrial,
  type Pruner,
  RandomSampler,
  type Study,
  type StudyDirection,
  type Trial,
  type TrialState,
} from "../../src/index.js";

/** A new in-memory study with this pruner. */
export function studyWith(pruner: Pruner, direction: StudyDirection = "minimize", studyName = "pruner-test"): Promise<Study> {
  return createStudy({ pruner, direction, studyName, sampler: new RandomSampler({ seed: 1 }) });
}

/** Adds a finished trial whose intermediate values are `values[i]` at step i (or a step → value record). */
export async function addFinished(
  study: Study,
  values: readonly number[] | Record<number, number>,
  state: TrialState = "COMPLETE",
  systemAttrs: Record<string, number> = {},
): Promise<void> {
  const intermediateValues: Record<number, number> = Array.isArray(values)
    ? Object.fromEntries((values as number[]).map((v, i) => [i, v]))
    : (values as Record<number, number>);
  const steps = Object.keys(intermediateValues).map(Number);
  const last = steps.length > 0 ? (intermediateValues[Math.max(...steps)] as number) : 0;
  await study.addTrial(
    createTrial({
      state,
      value: state === "FAIL" ? undefined : Number.isNaN(last) ? 0 : last,
      intermediateValues,
      systemAttrs,
    }),
  );
}

/** Asks a trial and reports `values[i]` at step i (or a step → value record, in insertion order). */
export async function running(study: Study, values: readonly number[] | Record<number, number> = []): Promise<Trial> {
  const trial = await study.ask();
  report(trial, values);
  return trial;
}

/** Reports values on a trial: an array means step i → values[i]. */
export function report(trial: Trial, values: readonly number[] | Record<number, number>): void {
  const entries = Array.isArray(values)
    ? (values as number[]).map((v, i) => [i, v] as const)
    : Object.entries(values).map(([k, v]) => [Number(k), v] as const);
  for (const [step, v] of entries) trial.report(v, step);
}
