/**
 * A trial this process ran, found finished by someone else when its result is written (another
 * process failed it because its heartbeat looked stale). Finished trials never change, so the
 * stored FAIL stays; a COMPLETE result is not thrown away either: it is kept as a new COMPLETE
 * trial of the study with the same parameters, attributes and intermediate values, and the system
 * attribute `finished_elsewhere` = the original trial's number, with a warning. The run goes on.
 * (Optuna in this case logs and drops the result; parzen keeps it where samplers and the user see it.)
 * @module
 */
import * as messages from "../messages.js";
import type { Storage } from "../storages/base.js";
import type { FrozenTrial } from "../trial/frozen.js";
import type { TrialState } from "../trial/state.js";
import { warn } from "../warnings.js";

/** The system attribute naming the trial whose result a kept copy holds. */
export const FINISHED_ELSEWHERE_KEY = "finished_elsewhere";

/**
 * @param local this process's view of the trial (everything the objective suggested and set).
 * @returns the kept COMPLETE copy, or the stored trial when there was no COMPLETE result to keep.
 */
export async function keepResultOfTrialFinishedElsewhere(
  storage: Storage,
  studyId: number,
  local: FrozenTrial,
  state: TrialState,
  values: readonly number[] | undefined,
): Promise<FrozenTrial> {
  const stored = await storage.getTrial(local.trialId);
  if (state !== "COMPLETE" || values === undefined) {
    warn(messages.trialFinishedElsewhere(local.number, stored.state, state, undefined));
    return stored;
  }
  const template: FrozenTrial = Object.freeze({
    ...local,
    number: -1,
    trialId: -1,
    state: "COMPLETE",
    values: Object.freeze([...values]),
    ...(values.length === 1 ? { value: values[0] } : {}),
    systemAttrs: { ...local.systemAttrs, [FINISHED_ELSEWHERE_KEY]: local.number },
    datetimeComplete: new Date(),
  });
  const kept = await storage.createNewTrial(studyId, template);
  warn(messages.trialFinishedElsewhere(local.number, stored.state, state, kept.number));
  return kept;
}
